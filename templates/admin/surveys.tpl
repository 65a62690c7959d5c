{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-center gap-2 mb-3">
  <h1 class="h3 mb-0 me-auto">[[sv.design.list.title]]</h1>
  {{#CAN_DESIGN}}<a class="btn btn-primary" href="{{MOUNT}}/surveys/new" id="survey-new">[[sv.design.new.button]]</a>{{/CAN_DESIGN}}
</div>
<form class="row g-2 align-items-end mb-3" method="get" action="{{MOUNT}}/surveys" role="search" id="surveys-filter">
  <div class="col-md-5">
    <label class="form-label" for="q">[[sv.design.filter.q]]</label>
    <input class="form-control" id="q" name="q" type="search" value="{{Q}}" maxlength="100" placeholder="[[sv.design.filter.q_hint]]">
  </div>
  <div class="col-md-3">
    <label class="form-label" for="f-status">[[sv.design.field.status]]</label>
    <select class="form-select" id="f-status" name="status">
      <option value="">[[sv.design.filter.all]]</option>
{{#STATUS_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/STATUS_OPTION}}    </select>
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-sort">[[sv.design.filter.sort]]</label>
    <select class="form-select" id="f-sort" name="sort">
      <option value="updated"{{#SORT_UPDATED}} selected{{/SORT_UPDATED}}>[[sv.design.field.updated]]</option>
      <option value="title"{{#SORT_TITLE}} selected{{/SORT_TITLE}}>[[sv.design.field.title]]</option>
      <option value="opens"{{#SORT_OPENS}} selected{{/SORT_OPENS}}>[[sv.design.field.opens_on]]</option>
      <option value="status"{{#SORT_STATUS}} selected{{/SORT_STATUS}}>[[sv.design.field.status]]</option>
    </select>
  </div>
  <div class="col-md-2">
    <button type="submit" class="btn btn-outline-primary w-100">[[sv.design.filter.submit]]</button>
  </div>
</form>
<p class="text-muted small" id="surveys-total">{{TOTAL}}</p>
{{#EMPTY}}<div class="alert alert-info" role="status" id="surveys-empty">[[sv.design.list.empty]]{{#CAN_DESIGN}} <a href="{{MOUNT}}/surveys/new">[[sv.design.new.button]]</a>{{/CAN_DESIGN}}</div>{{/EMPTY}}
{{#EMPTY_FILTERED}}<div class="alert alert-info" role="status" id="surveys-empty">[[sv.design.list.empty_filtered]]</div>{{/EMPTY_FILTERED}}
{{#LIST}}<div class="table-responsive">
<table class="table table-sm table-striped align-middle" id="surveys">
  <thead><tr>
    <th scope="col"><a href="{{SORT_TITLE_HREF}}"{{#SORT_TITLE}} class="fw-bold" aria-current="true"{{/SORT_TITLE}}>[[sv.design.field.title]]</a></th>
    <th scope="col"><a href="{{SORT_STATUS_HREF}}"{{#SORT_STATUS}} class="fw-bold" aria-current="true"{{/SORT_STATUS}}>[[sv.design.field.status]]</a></th>
    <th scope="col"><a href="{{SORT_OPENS_HREF}}"{{#SORT_OPENS}} class="fw-bold" aria-current="true"{{/SORT_OPENS}}>[[sv.design.field.period]]</a></th>
    <th scope="col">[[sv.design.field.owner]]</th>
    <th scope="col" class="text-end">[[sv.design.field.questions]]</th>
    <th scope="col" class="text-end">[[sv.design.field.responses]]</th>
    <th scope="col"><a href="{{SORT_UPDATED_HREF}}"{{#SORT_UPDATED}} class="fw-bold" aria-current="true"{{/SORT_UPDATED}}>[[sv.design.field.updated]]</a></th>
  </tr></thead>
  <tbody>
{{#SURVEY}}    <tr>
      <td class="survey-title"><a href="{{HREF}}">{{TITLE}}</a><div class="small text-muted font-monospace">{{SLUG}}</div></td>
      <td><span class="badge {{BADGE}} sv-status sv-status-{{STATUS}}">{{STATUS_NAME}}</span></td>
      <td class="small">{{OPENS}} – {{CLOSES}}</td>
      <td>{{OWNER}}</td>
      <td class="text-end">{{QUESTIONS}}</td>
      <td class="text-end">{{RESPONSES}}</td>
      <td class="small">{{UPDATED}}</td>
    </tr>
{{/SURVEY}}  </tbody>
</table>
</div>{{/LIST}}
{{>PAGER}}
