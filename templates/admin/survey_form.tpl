{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.design.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/surveys">[[sv.design.list.title]]</a></li>
    {{#IS_EDIT}}<li class="breadcrumb-item"><a href="{{SURVEY_URL}}">{{STORED_TITLE}}</a></li>{{/IS_EDIT}}
    <li class="breadcrumb-item active" aria-current="page">{{#IS_NEW}}[[sv.design.new.title]]{{/IS_NEW}}{{#IS_EDIT}}[[sv.design.edit.title]]{{/IS_EDIT}}</li>
  </ol>
</nav>
<h1 class="h3 mb-3">{{#IS_NEW}}[[sv.design.new.title]]{{/IS_NEW}}{{#IS_EDIT}}[[sv.design.edit.title]] <small class="text-muted">{{STORED_TITLE}} · {{STATUS_NAME}}</small>{{/IS_EDIT}}</h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="form-error">[[sv.design.err.form]]</div>{{/ERROR}}
<form method="post" action="{{ACTION}}" novalidate id="survey-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
<div class="row">
  <div class="col-md-6 mb-3">
    <label class="form-label" for="title_zh">[[sv.design.field.title_zh]]</label>
    <input class="form-control{{#TITLE_ZH_BAD}} is-invalid{{/TITLE_ZH_BAD}}" id="title_zh" name="title_zh" type="text" value="{{TITLE_ZH}}" maxlength="200" lang="zh-CN">
    {{#TITLE_ZH_BAD}}<div class="invalid-feedback">{{TITLE_ZH_ERR}}</div>{{/TITLE_ZH_BAD}}
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="title_en">[[sv.design.field.title_en]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <input class="form-control{{#TITLE_EN_BAD}} is-invalid{{/TITLE_EN_BAD}}" id="title_en" name="title_en" type="text" value="{{TITLE_EN}}" maxlength="200" lang="en">
    {{#TITLE_EN_BAD}}<div class="invalid-feedback">{{TITLE_EN_ERR}}</div>{{/TITLE_EN_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="slug">[[sv.design.field.slug]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    {{#SLUG_OPEN}}<input class="form-control font-monospace{{#SLUG_BAD}} is-invalid{{/SLUG_BAD}}" id="slug" name="slug" type="text" value="{{SLUG}}" maxlength="40" pattern="[a-z0-9][a-z0-9-]{2,39}">
    {{#SLUG_BAD}}<div class="invalid-feedback">{{SLUG_ERR}}</div>{{/SLUG_BAD}}
    <div class="form-text">[[sv.design.help.slug]]</div>{{/SLUG_OPEN}}
    {{#SLUG_LOCKED}}<input class="form-control font-monospace" id="slug" type="text" value="{{SLUG}}" disabled>
    <div class="form-text">[[sv.design.help.slug_locked]]</div>{{/SLUG_LOCKED}}
  </div>
  <div class="col-md-8 mb-3">
    <label class="form-label" for="goal">[[sv.design.field.goal]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <input class="form-control{{#GOAL_BAD}} is-invalid{{/GOAL_BAD}}" id="goal" name="goal" type="text" value="{{GOAL}}" maxlength="500">
    {{#GOAL_BAD}}<div class="invalid-feedback">{{GOAL_ERR}}</div>{{/GOAL_BAD}}
    <div class="form-text">[[sv.design.help.goal]]</div>
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="intro_zh">[[sv.design.field.intro_zh]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <textarea class="form-control{{#INTRO_ZH_BAD}} is-invalid{{/INTRO_ZH_BAD}}" id="intro_zh" name="intro_zh" rows="3" maxlength="2000" lang="zh-CN">{{INTRO_ZH}}</textarea>
    {{#INTRO_ZH_BAD}}<div class="invalid-feedback">{{INTRO_ZH_ERR}}</div>{{/INTRO_ZH_BAD}}
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="intro_en">[[sv.design.field.intro_en]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <textarea class="form-control{{#INTRO_EN_BAD}} is-invalid{{/INTRO_EN_BAD}}" id="intro_en" name="intro_en" rows="3" maxlength="2000" lang="en">{{INTRO_EN}}</textarea>
    {{#INTRO_EN_BAD}}<div class="invalid-feedback">{{INTRO_EN_ERR}}</div>{{/INTRO_EN_BAD}}
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="thanks_zh">[[sv.design.field.thanks_zh]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <textarea class="form-control{{#THANKS_ZH_BAD}} is-invalid{{/THANKS_ZH_BAD}}" id="thanks_zh" name="thanks_zh" rows="2" maxlength="2000" lang="zh-CN">{{THANKS_ZH}}</textarea>
    {{#THANKS_ZH_BAD}}<div class="invalid-feedback">{{THANKS_ZH_ERR}}</div>{{/THANKS_ZH_BAD}}
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="thanks_en">[[sv.design.field.thanks_en]] <span class="text-muted small">[[sv.design.optional]]</span></label>
    <textarea class="form-control{{#THANKS_EN_BAD}} is-invalid{{/THANKS_EN_BAD}}" id="thanks_en" name="thanks_en" rows="2" maxlength="2000" lang="en">{{THANKS_EN}}</textarea>
    {{#THANKS_EN_BAD}}<div class="invalid-feedback">{{THANKS_EN_ERR}}</div>{{/THANKS_EN_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="target">[[sv.design.field.target]]</label>
    <select class="form-select{{#TARGET_BAD}} is-invalid{{/TARGET_BAD}}" id="target" name="target">
{{#TARGET_ALL}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TARGET_ALL}}      <optgroup label="[[sv.design.target.by_tier]]">
{{#TARGET_TIER}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TARGET_TIER}}      </optgroup>
      <optgroup label="[[sv.design.target.by_value]]">
{{#TARGET_VALUE}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TARGET_VALUE}}      </optgroup>
      <optgroup label="[[sv.design.target.by_stage]]">
{{#TARGET_STAGE}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TARGET_STAGE}}      </optgroup>
{{#TARGET_TAG_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TARGET_TAG_OPTION}}    </select>
    {{#TARGET_BAD}}<div class="invalid-feedback">{{TARGET_ERR}}</div>{{/TARGET_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="target_tag">[[sv.design.field.target_tag]]</label>
    <input class="form-control{{#TARGET_TAG_BAD}} is-invalid{{/TARGET_TAG_BAD}}" id="target_tag" name="target_tag" type="text" value="{{TARGET_TAG}}" maxlength="40">
    {{#TARGET_TAG_BAD}}<div class="invalid-feedback">{{TARGET_TAG_ERR}}</div>{{/TARGET_TAG_BAD}}
    <div class="form-text">[[sv.design.help.target_tag]]</div>
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="owner">[[sv.design.field.owner]]</label>
    <select class="form-select{{#OWNER_BAD}} is-invalid{{/OWNER_BAD}}" id="owner" name="owner">
      <option value=""{{#NO_OWNER}} selected{{/NO_OWNER}}>[[sv.design.field.owner_choose]]</option>
{{#OWNER_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/OWNER_OPTION}}    </select>
    {{#OWNER_BAD}}<div class="invalid-feedback">{{OWNER_ERR}}</div>{{/OWNER_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="opens_on">[[sv.design.field.opens_on]]</label>
    <input class="form-control{{#OPENS_ON_BAD}} is-invalid{{/OPENS_ON_BAD}}" id="opens_on" name="opens_on" type="date" value="{{OPENS_ON}}">
    {{#OPENS_ON_BAD}}<div class="invalid-feedback">{{OPENS_ON_ERR}}</div>{{/OPENS_ON_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="closes_on">[[sv.design.field.closes_on]]</label>
    <input class="form-control{{#CLOSES_ON_BAD}} is-invalid{{/CLOSES_ON_BAD}}" id="closes_on" name="closes_on" type="date" value="{{CLOSES_ON}}">
    {{#CLOSES_ON_BAD}}<div class="invalid-feedback">{{CLOSES_ON_ERR}}</div>{{/CLOSES_ON_BAD}}
    <div class="form-text">[[sv.design.help.period]]</div>
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="min_seconds">[[sv.design.field.min_seconds]]</label>
    <input class="form-control{{#MIN_SECONDS_BAD}} is-invalid{{/MIN_SECONDS_BAD}}" id="min_seconds" name="min_seconds" type="number" min="0" max="3600" value="{{MIN_SECONDS}}">
    {{#MIN_SECONDS_BAD}}<div class="invalid-feedback">{{MIN_SECONDS_ERR}}</div>{{/MIN_SECONDS_BAD}}
    <div class="form-text">[[sv.design.help.min_seconds]]</div>
  </div>
</div>
  <button type="submit" class="btn btn-primary" id="survey-save">{{#IS_NEW}}[[sv.design.new.submit]]{{/IS_NEW}}{{#IS_EDIT}}[[sv.design.edit.submit]]{{/IS_EDIT}}</button>
  <a class="btn btn-link" href="{{#IS_EDIT}}{{SURVEY_URL}}{{/IS_EDIT}}{{#IS_NEW}}{{MOUNT}}/surveys{{/IS_NEW}}">[[sv.design.cancel]]</a>
</form>
