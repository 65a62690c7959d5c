{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-3">[[audit.title]]</h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="audit-error">{{MESSAGE}}</div>{{/ERROR}}
<form class="row g-2 align-items-start mb-3" method="get" action="{{MOUNT}}/audit" role="search" novalidate id="audit-filter">
  <div class="col-md-2">
    <label class="form-label" for="f-user">[[audit.col.login]]</label>
    <input class="form-control{{#USER_BAD}} is-invalid{{/USER_BAD}}" id="f-user" name="user" value="{{USER}}" maxlength="64">
    {{#USER_BAD}}<div class="invalid-feedback">{{USER_ERR}}</div>{{/USER_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-entity">[[audit.col.entity]]</label>
    <select class="form-select{{#ENTITY_BAD}} is-invalid{{/ENTITY_BAD}}" id="f-entity" name="entity">
      <option value="">[[audit.filter.all]]</option>
{{#ENTITY_OPTION}}      <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>
{{/ENTITY_OPTION}}    </select>
    {{#ENTITY_BAD}}<div class="invalid-feedback">{{ENTITY_ERR}}</div>{{/ENTITY_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-action">[[audit.col.action]]</label>
    <input class="form-control{{#ACTION_BAD}} is-invalid{{/ACTION_BAD}}" id="f-action" name="action" value="{{ACTION}}" maxlength="40" placeholder="[[audit.filter.action_hint]]">
    {{#ACTION_BAD}}<div class="invalid-feedback">{{ACTION_ERR}}</div>{{/ACTION_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-from">[[audit.filter.from]]</label>
    <input class="form-control{{#FROM_BAD}} is-invalid{{/FROM_BAD}}" id="f-from" name="from" type="date" value="{{FROM}}">
    {{#FROM_BAD}}<div class="invalid-feedback">{{FROM_ERR}}</div>{{/FROM_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-to">[[audit.filter.to]]</label>
    <input class="form-control{{#TO_BAD}} is-invalid{{/TO_BAD}}" id="f-to" name="to" type="date" value="{{TO}}">
    {{#TO_BAD}}<div class="invalid-feedback">{{TO_ERR}}</div>{{/TO_BAD}}
  </div>
  <div class="col-md-2 d-flex gap-2 align-self-end">
    <button type="submit" class="btn btn-outline-primary">[[audit.filter.submit]]</button>
    <a class="btn btn-link" href="{{MOUNT}}/audit">[[audit.filter.reset]]</a>
  </div>
</form>
<p class="text-muted small" id="audit-total">{{TOTAL}} [[audit.utc_note]]</p>
{{#EMPTY}}<div class="alert alert-info" role="status" id="audit-empty">[[audit.empty]]</div>{{/EMPTY}}
{{#LIST}}<div class="table-responsive">
<table class="table table-sm table-striped align-top" id="audit">
  <thead><tr>
    <th scope="col">[[audit.col.at]]</th>
    <th scope="col">[[audit.col.login]]</th>
    <th scope="col">[[audit.col.ip]]</th>
    <th scope="col">[[audit.col.entity]]</th>
    <th scope="col">[[audit.col.id]]</th>
    <th scope="col">[[audit.col.action]]</th>
    <th scope="col">[[audit.col.before]]</th>
    <th scope="col">[[audit.col.after]]</th>
  </tr></thead>
  <tbody>
{{#ROW}}    <tr>
      <td class="text-nowrap">{{AT}}</td>
      <td class="font-monospace">{{LOGIN}}</td>
      <td class="font-monospace small">{{IP}}</td>
      <td>{{ENTITY}}</td>
      <td>{{ENTITY_ID}}</td>
      <td class="font-monospace">{{ACTION}}</td>
      <td>{{#HAS_BEFORE}}<pre class="small mb-0 text-wrap text-break">{{BEFORE}}</pre>{{/HAS_BEFORE}}</td>
      <td>{{#HAS_AFTER}}<pre class="small mb-0 text-wrap text-break">{{AFTER}}</pre>{{/HAS_AFTER}}</td>
    </tr>
{{/ROW}}  </tbody>
</table>
</div>{{/LIST}}
{{>PAGER}}
