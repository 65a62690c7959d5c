{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.design.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/surveys">[[sv.design.list.title]]</a></li>
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}">{{SURVEY_TITLE}}</a></li>
    <li class="breadcrumb-item active" aria-current="page">{{#IS_NEW}}[[sv.design.q.new.title]]{{/IS_NEW}}{{#IS_EDIT}}[[sv.design.q.edit.title]]{{/IS_EDIT}}</li>
  </ol>
</nav>
<h1 class="h3 mb-3">{{#IS_NEW}}[[sv.design.q.new.title]]{{/IS_NEW}}{{#IS_EDIT}}[[sv.design.q.edit.title]]{{/IS_EDIT}}</h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="form-error">[[sv.design.err.form]]</div>{{/ERROR}}
<form method="post" action="{{ACTION}}" novalidate id="question-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
<div class="row">
  <div class="col-md-4 mb-3">
    <label class="form-label" for="kind">[[sv.design.q.field.kind]]</label>
    <select class="form-select{{#KIND_BAD}} is-invalid{{/KIND_BAD}}" id="kind" name="kind">
{{#KIND_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/KIND_OPTION}}    </select>
    {{#KIND_BAD}}<div class="invalid-feedback">{{KIND_ERR}}</div>{{/KIND_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="dimension">[[sv.design.q.field.dimension]]</label>
    <select class="form-select{{#DIMENSION_BAD}} is-invalid{{/DIMENSION_BAD}}" id="dimension" name="dimension">
      <option value=""{{#NO_DIMENSION}} selected{{/NO_DIMENSION}}>[[sv.design.q.no_dimension]]</option>
{{#DIMENSION_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/DIMENSION_OPTION}}    </select>
    {{#DIMENSION_BAD}}<div class="invalid-feedback">{{DIMENSION_ERR}}</div>{{/DIMENSION_BAD}}
    <div class="form-text">[[sv.design.q.help.dimension]]</div>
  </div>
  <div class="col-md-4 mb-3 d-flex align-items-center">
    <div class="form-check mt-3">
      <input class="form-check-input{{#REQUIRED_BAD}} is-invalid{{/REQUIRED_BAD}}" type="checkbox" id="required" name="required" value="1"{{#REQUIRED_CHECKED}} checked{{/REQUIRED_CHECKED}}>
      <label class="form-check-label" for="required">[[sv.design.q.field.required]]</label>
      {{#REQUIRED_BAD}}<div class="invalid-feedback">{{REQUIRED_ERR}}</div>{{/REQUIRED_BAD}}
    </div>
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="text_zh">[[sv.design.q.field.text_zh]]</label>
    <textarea class="form-control{{#TEXT_ZH_BAD}} is-invalid{{/TEXT_ZH_BAD}}" id="text_zh" name="text_zh" rows="2" maxlength="500" lang="zh-CN">{{TEXT_ZH}}</textarea>
    {{#TEXT_ZH_BAD}}<div class="invalid-feedback">{{TEXT_ZH_ERR}}</div>{{/TEXT_ZH_BAD}}
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="text_en">[[sv.design.q.field.text_en]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <textarea class="form-control{{#TEXT_EN_BAD}} is-invalid{{/TEXT_EN_BAD}}" id="text_en" name="text_en" rows="2" maxlength="500" lang="en">{{TEXT_EN}}</textarea>
    {{#TEXT_EN_BAD}}<div class="invalid-feedback">{{TEXT_EN_ERR}}</div>{{/TEXT_EN_BAD}}
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="help_zh">[[sv.design.q.field.help_zh]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <input class="form-control{{#HELP_ZH_BAD}} is-invalid{{/HELP_ZH_BAD}}" id="help_zh" name="help_zh" type="text" value="{{HELP_ZH}}" maxlength="500" lang="zh-CN">
    {{#HELP_ZH_BAD}}<div class="invalid-feedback">{{HELP_ZH_ERR}}</div>{{/HELP_ZH_BAD}}
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="help_en">[[sv.design.q.field.help_en]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <input class="form-control{{#HELP_EN_BAD}} is-invalid{{/HELP_EN_BAD}}" id="help_en" name="help_en" type="text" value="{{HELP_EN}}" maxlength="500" lang="en">
    {{#HELP_EN_BAD}}<div class="invalid-feedback">{{HELP_EN_ERR}}</div>{{/HELP_EN_BAD}}
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="options_zh">[[sv.design.q.field.options_zh]]</label>
    <textarea class="form-control{{#OPTIONS_ZH_BAD}} is-invalid{{/OPTIONS_ZH_BAD}}" id="options_zh" name="options_zh" rows="6" lang="zh-CN">{{OPTIONS_ZH}}</textarea>
    {{#OPTIONS_ZH_BAD}}<div class="invalid-feedback">{{OPTIONS_ZH_ERR}}</div>{{/OPTIONS_ZH_BAD}}
    <div class="form-text">[[sv.design.q.help.options]]</div>
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="options_en">[[sv.design.q.field.options_en]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <textarea class="form-control{{#OPTIONS_EN_BAD}} is-invalid{{/OPTIONS_EN_BAD}}" id="options_en" name="options_en" rows="6" lang="en">{{OPTIONS_EN}}</textarea>
    {{#OPTIONS_EN_BAD}}<div class="invalid-feedback">{{OPTIONS_EN_ERR}}</div>{{/OPTIONS_EN_BAD}}
    <div class="form-text">[[sv.design.q.help.options_en]]</div>
  </div>
</div>
  <button type="submit" class="btn btn-primary" id="question-save">{{#IS_NEW}}[[sv.design.q.new.submit]]{{/IS_NEW}}{{#IS_EDIT}}[[sv.design.q.edit.submit]]{{/IS_EDIT}}</button>
  <a class="btn btn-link" href="{{SURVEY_URL}}#questions">[[sv.design.cancel]]</a>
</form>
