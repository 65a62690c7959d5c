{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.results.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/surveys">[[sv.results.surveys]]</a></li>
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}">{{SURVEY_TITLE}}</a></li>
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}/results">[[sv.results.title]]</a></li>
    <li class="breadcrumb-item active" aria-current="page">[[sv.results.responses.title]]</li>
  </ol>
</nav>
<div class="d-flex flex-wrap align-items-center gap-2 mb-2">
  <h1 class="h3 mb-0 me-auto">[[sv.results.responses.title]] <small class="text-muted" id="responses-total">{{TOTAL}}</small></h1>
  <a class="btn btn-outline-secondary" href="{{CSV_HREF}}" id="csv-link">[[sv.results.csv.link]]</a>
</div>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="responses-error">{{MESSAGE}}</div>{{/ERROR}}
<ul class="nav nav-tabs mb-3" id="state-tabs">
{{#STATE_TAB}}  <li class="nav-item"><a class="nav-link{{#ACTIVE}} active{{/ACTIVE}}" href="{{HREF}}" id="tab-{{ID}}"{{#ACTIVE}} aria-current="page"{{/ACTIVE}}>{{NAME}}</a></li>
{{/STATE_TAB}}</ul>
<form method="get" action="{{SURVEY_URL}}/responses" class="row g-2 align-items-end mb-3" id="responses-filter">
  <input type="hidden" name="state" value="{{STATE}}">
  <div class="col-md-2">
    <label class="form-label" for="f-tier">[[sv.results.f.tier]]</label>
    <select class="form-select{{#TIER_BAD}} is-invalid{{/TIER_BAD}}" id="f-tier" name="tier">
      <option value="">[[sv.results.f.all]]</option>
{{#TIER_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TIER_OPTION}}    </select>
    {{#TIER_BAD}}<div class="invalid-feedback">{{TIER_ERR}}</div>{{/TIER_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-value">[[sv.results.f.value_tag]]</label>
    <select class="form-select{{#VALUE_TAG_BAD}} is-invalid{{/VALUE_TAG_BAD}}" id="f-value" name="value_tag">
      <option value="">[[sv.results.f.all]]</option>
{{#VALUE_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/VALUE_OPTION}}    </select>
    {{#VALUE_TAG_BAD}}<div class="invalid-feedback">{{VALUE_TAG_ERR}}</div>{{/VALUE_TAG_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-channel">[[sv.results.f.channel]]</label>
    <select class="form-select{{#CHANNEL_BAD}} is-invalid{{/CHANNEL_BAD}}" id="f-channel" name="channel">
      <option value="">[[sv.results.f.all]]</option>
{{#CHANNEL_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/CHANNEL_OPTION}}    </select>
    {{#CHANNEL_BAD}}<div class="invalid-feedback">{{CHANNEL_ERR}}</div>{{/CHANNEL_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-from">[[sv.results.f.from]]</label>
    <input class="form-control{{#FROM_BAD}} is-invalid{{/FROM_BAD}}" type="date" id="f-from" name="from" value="{{FROM}}">
    {{#FROM_BAD}}<div class="invalid-feedback">{{FROM_ERR}}</div>{{/FROM_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-to">[[sv.results.f.to]]</label>
    <input class="form-control{{#TO_BAD}} is-invalid{{/TO_BAD}}" type="date" id="f-to" name="to" value="{{TO}}">
    {{#TO_BAD}}<div class="invalid-feedback">{{TO_ERR}}</div>{{/TO_BAD}}
  </div>
  <div class="col-md-2"><button type="submit" class="btn btn-primary">[[sv.results.f.submit]]</button></div>
</form>
{{#NO_ROWS}}<p class="text-muted" id="responses-empty">[[sv.results.responses.none]]</p>{{/NO_ROWS}}
{{#HAS_ROWS}}<div class="table-responsive"><table class="table table-sm align-middle" id="responses">
  <thead class="table-light"><tr><th scope="col">#</th><th scope="col">[[sv.results.col.submitted]]</th><th scope="col">[[sv.results.col.channel]]</th><th scope="col">[[sv.results.col.customer]]</th><th scope="col" class="text-end">[[sv.results.col.duration]]</th><th scope="col" class="text-end">[[sv.results.col.mean]]</th><th scope="col" class="text-end">NPS</th><th scope="col">[[sv.results.col.state]]</th></tr></thead>
  <tbody>
{{#RESPONSE}}  <tr id="r-{{ID}}"><td><a href="{{HREF}}">{{ID}}</a></td><td class="text-nowrap">{{DATE}}</td><td>{{CHANNEL}}</td><td>{{#HAS_CUSTOMER}}<a href="{{CUSTOMER_HREF}}">{{CUSTOMER}}</a>{{/HAS_CUSTOMER}}</td><td class="text-end">{{DURATION}}</td><td class="text-end">{{MEAN}}</td><td class="text-end">{{NPS}}</td><td class="r-state">{{#IS_VALID}}<span class="badge text-bg-success">{{STATE}}</span>{{/IS_VALID}}{{#IS_MARKED}}<span class="badge text-bg-warning">{{STATE}}</span>{{/IS_MARKED}}{{#IS_OVERTURNED}}<span class="badge text-bg-info">{{STATE}}</span> <small class="text-muted">{{OVERTURNED}}</small>{{/IS_OVERTURNED}}{{#IS_PILOT}}<span class="badge text-bg-secondary">{{STATE}}</span>{{/IS_PILOT}}</td></tr>
{{/RESPONSE}}  </tbody>
</table></div>{{/HAS_ROWS}}
{{>PAGER}}
