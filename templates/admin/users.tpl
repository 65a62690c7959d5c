{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-center gap-2 mb-3">
  <h1 class="h3 mb-0 me-auto">[[users.title]]</h1>
  {{#CAN_MANAGE}}<a class="btn btn-primary" href="{{MOUNT}}/users/new" id="user-new">[[users.new.button]]</a>{{/CAN_MANAGE}}
</div>
<form class="row g-2 align-items-end mb-3" method="get" action="{{MOUNT}}/users" role="search" id="users-filter">
  <div class="col-md-3">
    <label class="form-label" for="q">[[users.filter.q]]</label>
    <input class="form-control" id="q" name="q" type="search" value="{{Q}}" maxlength="100" placeholder="[[users.filter.q_hint]]">
  </div>
  {{#ALL_DEPARTMENTS}}<div class="col-md-2">
    <label class="form-label" for="f-department">[[users.field.department]]</label>
    <select class="form-select" id="f-department" name="department">
      <option value="">[[users.filter.all]]</option>
{{#DEPT_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/DEPT_OPTION}}    </select>
  </div>{{/ALL_DEPARTMENTS}}
  <div class="col-md-2">
    <label class="form-label" for="f-role">[[users.field.roles]]</label>
    <select class="form-select" id="f-role" name="role">
      <option value="">[[users.filter.all]]</option>
{{#ROLE_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/ROLE_OPTION}}    </select>
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-status">[[users.field.status]]</label>
    <select class="form-select" id="f-status" name="status">
      <option value="">[[users.filter.all]]</option>
      <option value="active"{{#STATUS_ACTIVE}} selected{{/STATUS_ACTIVE}}>[[users.status.active]]</option>
      <option value="inactive"{{#STATUS_INACTIVE}} selected{{/STATUS_INACTIVE}}>[[users.status.inactive]]</option>
    </select>
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-sort">[[users.filter.sort]]</label>
    <select class="form-select" id="f-sort" name="sort">
      <option value="login"{{#SORT_LOGIN}} selected{{/SORT_LOGIN}}>[[users.field.login]]</option>
      <option value="name"{{#SORT_NAME}} selected{{/SORT_NAME}}>[[users.field.display_name]]</option>
      <option value="department"{{#SORT_DEPARTMENT}} selected{{/SORT_DEPARTMENT}}>[[users.field.department]]</option>
      <option value="created"{{#SORT_CREATED}} selected{{/SORT_CREATED}}>[[users.sort.created]]</option>
    </select>
  </div>
  <div class="col-md-1">
    <button type="submit" class="btn btn-outline-primary w-100">[[users.filter.submit]]</button>
  </div>
</form>
<p class="text-muted small" id="users-total">{{TOTAL}}</p>
{{#EMPTY}}<div class="alert alert-info" role="status" id="users-empty">[[users.list.empty]]</div>{{/EMPTY}}
{{#LIST}}<div class="table-responsive">
<table class="table table-sm table-striped align-middle" id="users">
  <thead><tr>
    <th scope="col"><a href="{{SORT_LOGIN_HREF}}"{{#SORT_LOGIN}} class="fw-bold" aria-current="true"{{/SORT_LOGIN}}>[[users.field.login]]</a></th>
    <th scope="col"><a href="{{SORT_NAME_HREF}}"{{#SORT_NAME}} class="fw-bold" aria-current="true"{{/SORT_NAME}}>[[users.field.display_name]]</a></th>
    <th scope="col"><a href="{{SORT_DEPARTMENT_HREF}}"{{#SORT_DEPARTMENT}} class="fw-bold" aria-current="true"{{/SORT_DEPARTMENT}}>[[users.field.department]]</a></th>
    <th scope="col">[[users.field.roles]]</th>
    <th scope="col">[[users.field.email]]</th>
    <th scope="col">[[users.field.phone]]</th>
    <th scope="col">[[users.field.status]]</th>
    <th scope="col"><a href="{{SORT_CREATED_HREF}}"{{#SORT_CREATED}} class="fw-bold" aria-current="true"{{/SORT_CREATED}}>[[users.field.created]]</a></th>
    {{#CAN_MANAGE}}<th scope="col"><span class="visually-hidden">[[users.list.actions]]</span></th>{{/CAN_MANAGE}}
  </tr></thead>
  <tbody>
{{#USER}}    <tr>
      <td class="font-monospace">{{LOGIN}}</td>
      <td class="user-name">{{NAME}}</td>
      <td>{{DEPT}}</td>
      <td>{{#ROLE}}<span class="badge text-bg-secondary me-1">{{NAME}}</span>{{/ROLE}}</td>
      <td class="user-email">{{EMAIL}}</td>
      <td class="user-phone">{{PHONE}}</td>
      <td>{{#ACTIVE}}<span class="badge text-bg-success">[[users.status.active]]</span>{{/ACTIVE}}{{#INACTIVE}}<span class="badge text-bg-light border">[[users.status.inactive]]</span>{{/INACTIVE}}</td>
      <td>{{CREATED}}</td>
      {{#EDIT}}<td><a class="btn btn-sm btn-outline-secondary" href="{{HREF}}">[[users.list.edit]]</a></td>{{/EDIT}}
    </tr>
{{/USER}}  </tbody>
</table>
</div>{{/LIST}}
{{>PAGER}}
