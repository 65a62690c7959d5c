{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[cust.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/customers">[[cust.title]]</a></li>
    {{#IS_EDIT}}<li class="breadcrumb-item"><a href="{{CUSTOMER_URL}}">{{STORED_CODE}}</a></li>{{/IS_EDIT}}
    <li class="breadcrumb-item active" aria-current="page">{{#IS_NEW}}[[cust.new.title]]{{/IS_NEW}}{{#IS_EDIT}}[[cust.edit.title]]{{/IS_EDIT}}</li>
  </ol>
</nav>
<h1 class="h3 mb-3">{{#IS_NEW}}[[cust.new.title]]{{/IS_NEW}}{{#IS_EDIT}}[[cust.edit.title]] <small class="text-muted">{{STORED_NAME}}</small>{{/IS_EDIT}}</h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="form-error">{{MESSAGE}}</div>{{/ERROR}}
<form method="post" action="{{ACTION}}" novalidate id="customer-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
<div class="row">
  <div class="col-md-3 mb-3">
    <label class="form-label" for="code">[[cust.field.code]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#CODE_BAD}} is-invalid{{/CODE_BAD}}" id="code" name="code" type="text" value="{{CODE}}" maxlength="20">
    {{#CODE_BAD}}<div class="invalid-feedback">{{CODE_ERR}}</div>{{/CODE_BAD}}
    <div class="form-text">[[cust.help.code]]</div>
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="name">[[cust.field.name]]</label>
    <input class="form-control{{#NAME_BAD}} is-invalid{{/NAME_BAD}}" id="name" name="name" type="text" value="{{NAME}}" maxlength="200">
    {{#NAME_BAD}}<div class="invalid-feedback">{{NAME_ERR}}</div>{{/NAME_BAD}}
  </div>
  <div class="col-md-3 mb-3">
    <label class="form-label" for="kind">[[cust.field.kind]]</label>
    <select class="form-select{{#KIND_BAD}} is-invalid{{/KIND_BAD}}" id="kind" name="kind">
{{#KIND_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/KIND_OPTION}}    </select>
    {{#KIND_BAD}}<div class="invalid-feedback">{{KIND_ERR}}</div>{{/KIND_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="industry">[[cust.field.industry]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#INDUSTRY_BAD}} is-invalid{{/INDUSTRY_BAD}}" id="industry" name="industry" type="text" value="{{INDUSTRY}}" maxlength="60">
    {{#INDUSTRY_BAD}}<div class="invalid-feedback">{{INDUSTRY_ERR}}</div>{{/INDUSTRY_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="owner">[[cust.field.owner]]</label>
    <select class="form-select{{#OWNER_BAD}} is-invalid{{/OWNER_BAD}}" id="owner" name="owner">
      <option value=""{{#NO_OWNER}} selected{{/NO_OWNER}}>[[cust.field.owner_choose]]</option>
{{#OWNER_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/OWNER_OPTION}}    </select>
    {{#OWNER_BAD}}<div class="invalid-feedback">{{OWNER_ERR}}</div>{{/OWNER_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="products">[[cust.field.products]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#PRODUCTS_BAD}} is-invalid{{/PRODUCTS_BAD}}" id="products" name="products" type="text" value="{{PRODUCTS}}" maxlength="1000">
    {{#PRODUCTS_BAD}}<div class="invalid-feedback">{{PRODUCTS_ERR}}</div>{{/PRODUCTS_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="value_tag">[[cust.field.value_tag]]</label>
    <select class="form-select{{#VALUE_TAG_BAD}} is-invalid{{/VALUE_TAG_BAD}}" id="value_tag" name="value_tag">
{{#VALUE_TAG_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/VALUE_TAG_OPTION}}    </select>
    {{#VALUE_TAG_BAD}}<div class="invalid-feedback">{{VALUE_TAG_ERR}}</div>{{/VALUE_TAG_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="stage">[[cust.field.stage]]</label>
    <select class="form-select{{#STAGE_BAD}} is-invalid{{/STAGE_BAD}}" id="stage" name="stage">
{{#STAGE_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/STAGE_OPTION}}    </select>
    {{#STAGE_BAD}}<div class="invalid-feedback">{{STAGE_ERR}}</div>{{/STAGE_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="complaint_type">[[cust.field.complaint_type]]</label>
    <select class="form-select{{#COMPLAINT_TYPE_BAD}} is-invalid{{/COMPLAINT_TYPE_BAD}}" id="complaint_type" name="complaint_type">
{{#CTYPE_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/CTYPE_OPTION}}    </select>
    {{#COMPLAINT_TYPE_BAD}}<div class="invalid-feedback">{{COMPLAINT_TYPE_ERR}}</div>{{/COMPLAINT_TYPE_BAD}}
  </div>
  <div class="col-md-12 mb-3">
    <label class="form-label" for="tags">[[cust.field.tags]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#TAGS_BAD}} is-invalid{{/TAGS_BAD}}" id="tags" name="tags" type="text" value="{{TAGS}}" maxlength="1000">
    {{#TAGS_BAD}}<div class="invalid-feedback">{{TAGS_ERR}}</div>{{/TAGS_BAD}}
    <div class="form-text">[[cust.help.tags]]</div>
  </div>
  <div class="col-md-3 mb-3">
    <label class="form-label" for="birthday">[[cust.field.birthday]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#BIRTHDAY_BAD}} is-invalid{{/BIRTHDAY_BAD}}" id="birthday" name="birthday" type="date" value="{{BIRTHDAY}}">
    {{#BIRTHDAY_BAD}}<div class="invalid-feedback">{{BIRTHDAY_ERR}}</div>{{/BIRTHDAY_BAD}}
  </div>
  <div class="col-md-3 mb-3">
    <label class="form-label" for="anniversary">[[cust.field.anniversary]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#ANNIVERSARY_BAD}} is-invalid{{/ANNIVERSARY_BAD}}" id="anniversary" name="anniversary" type="date" value="{{ANNIVERSARY}}">
    {{#ANNIVERSARY_BAD}}<div class="invalid-feedback">{{ANNIVERSARY_ERR}}</div>{{/ANNIVERSARY_BAD}}
  </div>
  <div class="col-md-6 mb-3">
    <label class="form-label" for="cycle_days">[[cust.field.cycle_days]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#CYCLE_DAYS_BAD}} is-invalid{{/CYCLE_DAYS_BAD}}" id="cycle_days" name="cycle_days" type="number" value="{{CYCLE_DAYS}}">
    {{#CYCLE_DAYS_BAD}}<div class="invalid-feedback">{{CYCLE_DAYS_ERR}}</div>{{/CYCLE_DAYS_BAD}}
    <div class="form-text">[[cust.help.cycle]]</div>
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="annual_spend">[[cust.field.annual_spend]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#ANNUAL_SPEND_BAD}} is-invalid{{/ANNUAL_SPEND_BAD}}" id="annual_spend" name="annual_spend" type="text" value="{{ANNUAL_SPEND}}">
    {{#ANNUAL_SPEND_BAD}}<div class="invalid-feedback">{{ANNUAL_SPEND_ERR}}</div>{{/ANNUAL_SPEND_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="interactions_per_month">[[cust.field.interactions_per_month]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#INTERACTIONS_PER_MONTH_BAD}} is-invalid{{/INTERACTIONS_PER_MONTH_BAD}}" id="interactions_per_month" name="interactions_per_month" type="text" value="{{INTERACTIONS_PER_MONTH}}">
    {{#INTERACTIONS_PER_MONTH_BAD}}<div class="invalid-feedback">{{INTERACTIONS_PER_MONTH_ERR}}</div>{{/INTERACTIONS_PER_MONTH_BAD}}
  </div>
  <div class="col-md-4 mb-3">
    <label class="form-label" for="repurchase_count">[[cust.field.repurchase_count]] <span class="text-muted small">[[cust.optional]]</span></label>
    <input class="form-control{{#REPURCHASE_COUNT_BAD}} is-invalid{{/REPURCHASE_COUNT_BAD}}" id="repurchase_count" name="repurchase_count" type="number" value="{{REPURCHASE_COUNT}}">
    {{#REPURCHASE_COUNT_BAD}}<div class="invalid-feedback">{{REPURCHASE_COUNT_ERR}}</div>{{/REPURCHASE_COUNT_BAD}}
  </div>
  <div class="col-12 mb-3">
    <label class="form-label" for="notes">[[cust.field.notes]] <span class="text-muted small">[[cust.optional]]</span></label>
    <textarea class="form-control{{#NOTES_BAD}} is-invalid{{/NOTES_BAD}}" id="notes" name="notes" rows="3">{{NOTES:pre_escape}}</textarea>
    {{#NOTES_BAD}}<div class="invalid-feedback">{{NOTES_ERR}}</div>{{/NOTES_BAD}}
  </div>
</div>
<fieldset class="mb-3" id="contacts">
  <legend class="h5">[[cust.view.contacts]]</legend>
  <p class="form-text">[[cust.help.contacts]]</p>
  {{#PII_LOCKED}}<p class="form-text" id="pii-locked">[[cust.help.pii_locked]]</p>{{/PII_LOCKED}}
{{#CONTACT}}  <div class="row g-2 mb-2 contact-row">
    <div class="col-md-3">
      <label class="form-label small" for="cname_{{N}}">[[cust.field.contact_name]] {{N}}{{#FIRST}} <span class="badge text-bg-primary">[[cust.view.primary]]</span>{{/FIRST}}</label>
      <input class="form-control{{#CNAME_BAD}} is-invalid{{/CNAME_BAD}}" id="cname_{{N}}" name="cname_{{N}}" value="{{CNAME}}" maxlength="100"{{#LOCKED}} disabled{{/LOCKED}}>
      {{#CNAME_BAD}}<div class="invalid-feedback">{{CNAME_ERR}}</div>{{/CNAME_BAD}}
    </div>
    <div class="col-md-3">
      <label class="form-label small" for="ctitle_{{N}}">[[cust.field.contact_title]]</label>
      <input class="form-control{{#CTITLE_BAD}} is-invalid{{/CTITLE_BAD}}" id="ctitle_{{N}}" name="ctitle_{{N}}" value="{{CTITLE}}" maxlength="100"{{#LOCKED}} disabled{{/LOCKED}}>
      {{#CTITLE_BAD}}<div class="invalid-feedback">{{CTITLE_ERR}}</div>{{/CTITLE_BAD}}
    </div>
    <div class="col-md-3">
      <label class="form-label small" for="cmobile_{{N}}">[[cust.field.contact_mobile]]</label>
      <input class="form-control{{#CMOBILE_BAD}} is-invalid{{/CMOBILE_BAD}}" id="cmobile_{{N}}" name="cmobile_{{N}}" type="tel" value="{{CMOBILE}}" maxlength="20"{{#LOCKED}} disabled{{/LOCKED}}>
      {{#CMOBILE_BAD}}<div class="invalid-feedback">{{CMOBILE_ERR}}</div>{{/CMOBILE_BAD}}
    </div>
    <div class="col-md-3">
      <label class="form-label small" for="cemail_{{N}}">[[cust.field.contact_email]]</label>
      <input class="form-control{{#CEMAIL_BAD}} is-invalid{{/CEMAIL_BAD}}" id="cemail_{{N}}" name="cemail_{{N}}" type="email" value="{{CEMAIL}}" maxlength="254"{{#LOCKED}} disabled{{/LOCKED}}>
      {{#CEMAIL_BAD}}<div class="invalid-feedback">{{CEMAIL_ERR}}</div>{{/CEMAIL_BAD}}
    </div>
  </div>
{{/CONTACT}}</fieldset>
  <button type="submit" class="btn btn-primary">{{#IS_NEW}}[[cust.new.submit]]{{/IS_NEW}}{{#IS_EDIT}}[[cust.edit.submit]]{{/IS_EDIT}}</button>
  <a class="btn btn-link" href="{{MOUNT}}/customers">[[cust.cancel]]</a>
</form>
