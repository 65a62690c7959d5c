{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-center gap-2 mb-3">
  <h1 class="h3 mb-0 me-auto">[[cust.title]]</h1>
  {{#CAN_EXPORT}}<a class="btn btn-outline-secondary" href="{{HREF}}" id="customers-export">[[cust.export.button]]</a>{{/CAN_EXPORT}}
  {{#CAN_IMPORT}}<a class="btn btn-outline-secondary" href="{{MOUNT}}/customers/import" id="customers-import">[[cust.import.button]]</a>{{/CAN_IMPORT}}
  {{#CAN_MANAGE}}<a class="btn btn-primary" href="{{MOUNT}}/customers/new" id="customer-new">[[cust.new.button]]</a>{{/CAN_MANAGE}}
</div>
<form class="row g-2 align-items-end mb-3" method="get" action="{{MOUNT}}/customers" role="search" id="customers-filter">
  <div class="col-md-3">
    <label class="form-label" for="q">[[cust.filter.q]]</label>
    <input class="form-control" id="q" name="q" type="search" value="{{Q}}" maxlength="100" placeholder="[[cust.filter.q_hint]]">
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-tier">[[cust.field.tier]]</label>
    <select class="form-select" id="f-tier" name="tier">
      <option value="">[[cust.filter.all]]</option>
{{#TIER_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TIER_OPTION}}    </select>
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-value">[[cust.field.value_tag]]</label>
    <select class="form-select" id="f-value" name="value_tag">
      <option value="">[[cust.filter.all]]</option>
{{#VALUE_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/VALUE_OPTION}}    </select>
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-stage">[[cust.field.stage]]</label>
    <select class="form-select" id="f-stage" name="stage">
      <option value="">[[cust.filter.all]]</option>
{{#STAGE_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/STAGE_OPTION}}    </select>
  </div>
  <div class="col-md-3">
    <label class="form-label" for="f-owner">[[cust.field.owner]]</label>
    <select class="form-select" id="f-owner" name="owner">
      <option value="">[[cust.filter.all]]</option>
{{#OWNER_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/OWNER_OPTION}}    </select>
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-industry">[[cust.field.industry]]</label>
    <input class="form-control" id="f-industry" name="industry" value="{{INDUSTRY}}" maxlength="60">
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-tag">[[cust.filter.tag]]</label>
    <input class="form-control" id="f-tag" name="tag" value="{{TAG}}" maxlength="40">
  </div>
  <div class="col-md-2">
    <div class="form-check">
      <input class="form-check-input" type="checkbox" id="f-low" name="low" value="1"{{#LOW_CHECKED}} checked{{/LOW_CHECKED}}>
      <label class="form-check-label" for="f-low">[[cust.filter.low]]</label>
    </div>
    <div class="form-check">
      <input class="form-check-input" type="checkbox" id="f-unreviewed" name="unreviewed" value="1"{{#UNREVIEWED_CHECKED}} checked{{/UNREVIEWED_CHECKED}}>
      <label class="form-check-label" for="f-unreviewed">[[cust.filter.unreviewed]]</label>
    </div>
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-sort">[[cust.filter.sort]]</label>
    <select class="form-select" id="f-sort" name="sort">
      <option value="code"{{#SORT_CODE}} selected{{/SORT_CODE}}>[[cust.field.code]]</option>
      <option value="name"{{#SORT_NAME}} selected{{/SORT_NAME}}>[[cust.field.name]]</option>
      <option value="due"{{#SORT_DUE}} selected{{/SORT_DUE}}>[[cust.field.next_due]]</option>
      <option value="health"{{#SORT_HEALTH}} selected{{/SORT_HEALTH}}>[[cust.field.health]]</option>
      <option value="updated"{{#SORT_UPDATED}} selected{{/SORT_UPDATED}}>[[cust.field.updated]]</option>
    </select>
  </div>
  <div class="col-md-1">
    <button type="submit" class="btn btn-outline-primary w-100">[[cust.filter.submit]]</button>
  </div>
</form>
<p class="text-muted small" id="customers-total">{{TOTAL}}</p>
{{#EMPTY}}<div class="alert alert-info" role="status" id="customers-empty">[[cust.list.empty]]</div>{{/EMPTY}}
{{#LIST}}<div class="table-responsive">
<table class="table table-sm table-striped align-middle" id="customers">
  <thead><tr>
    <th scope="col"><a href="{{SORT_CODE_HREF}}"{{#SORT_CODE}} class="fw-bold" aria-current="true"{{/SORT_CODE}}>[[cust.field.code]]</a></th>
    <th scope="col"><a href="{{SORT_NAME_HREF}}"{{#SORT_NAME}} class="fw-bold" aria-current="true"{{/SORT_NAME}}>[[cust.field.name]]</a></th>
    <th scope="col">[[cust.field.tier]]</th>
    <th scope="col">[[cust.field.value_tag]] / [[cust.field.stage]]</th>
    <th scope="col">[[cust.field.owner]]</th>
    <th scope="col">[[cust.field.contact_primary]]</th>
    <th scope="col"><a href="{{SORT_DUE_HREF}}"{{#SORT_DUE}} class="fw-bold" aria-current="true"{{/SORT_DUE}}>[[cust.field.next_due]]</a></th>
    <th scope="col"><a href="{{SORT_HEALTH_HREF}}"{{#SORT_HEALTH}} class="fw-bold" aria-current="true"{{/SORT_HEALTH}}>[[cust.field.health]]</a></th>
    <th scope="col">[[cust.field.reviewed_on]]</th>
    <th scope="col"><a href="{{SORT_UPDATED_HREF}}"{{#SORT_UPDATED}} class="fw-bold" aria-current="true"{{/SORT_UPDATED}}>[[cust.field.updated]]</a></th>
  </tr></thead>
  <tbody>
{{#CUSTOMER}}    <tr>
      <td class="font-monospace"><a href="{{HREF}}">{{CODE}}</a></td>
      <td class="customer-name"><a href="{{HREF}}">{{NAME}}</a>{{#TAG}} <span class="badge text-bg-light border">{{NAME}}</span>{{/TAG}}<div class="small text-muted">{{INDUSTRY}}</div></td>
      <td>{{TIER}}</td>
      <td>{{VALUE}} / {{STAGE}}</td>
      <td>{{OWNER}}</td>
      <td class="customer-contact">{{#CONTACT}}{{NAME}} <span class="customer-mobile">{{MOBILE}}</span>{{/CONTACT}}</td>
      <td>{{DUE}}</td>
      <td>{{#HEALTH_LOW}}<span class="badge text-bg-danger">{{/HEALTH_LOW}}{{HEALTH}}{{#HEALTH_LOW}}</span>{{/HEALTH_LOW}}</td>
      <td>{{REVIEWED}}</td>
      <td class="small">{{UPDATED}}</td>
    </tr>
{{/CUSTOMER}}  </tbody>
</table>
</div>{{/LIST}}
{{>PAGER}}
