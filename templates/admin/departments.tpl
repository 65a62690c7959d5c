{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-2">[[departments.title]]</h1>
<p class="text-muted">[[departments.help]]</p>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="departments-error">{{MESSAGE}}</div>{{/ERROR}}
<form class="row g-2 align-items-start mb-4" method="post" action="{{MOUNT}}/departments/new" novalidate id="department-new">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
  <div class="col-sm-6 col-md-4">
    <label class="visually-hidden" for="new-name">[[departments.new.name]]</label>
    <input class="form-control{{#NEW_NAME_BAD}} is-invalid{{/NEW_NAME_BAD}}" id="new-name" name="name" value="{{NEW_NAME}}" maxlength="60" required placeholder="[[departments.new.name]]">
    {{#NEW_NAME_BAD}}<div class="invalid-feedback">{{NEW_NAME_ERR}}</div>{{/NEW_NAME_BAD}}
  </div>
  <div class="col-auto">
    <button type="submit" class="btn btn-primary">[[departments.new.submit]]</button>
  </div>
</form>
{{#EMPTY}}<div class="alert alert-info" role="status">[[departments.empty]]</div>{{/EMPTY}}
{{#LIST}}<div class="table-responsive">
<table class="table table-sm align-middle" id="departments">
  <thead><tr>
    <th scope="col">[[departments.col.name]]</th>
    <th scope="col" class="text-end">[[departments.col.users]]</th>
    <th scope="col">[[departments.col.status]]</th>
    <th scope="col">[[departments.col.created]]</th>
  </tr></thead>
  <tbody>
{{#DEPT}}    <tr id="dept-{{ID}}">
      <td>
        <form class="d-flex flex-wrap align-items-start gap-2" method="post" action="{{MOUNT}}/departments/{{ID}}" novalidate>
          <input type="hidden" name="_csrf" value="{{CSRF}}">
          <div>
            <label class="visually-hidden" for="name-{{ID}}">[[departments.col.name]]</label>
            <input class="form-control form-control-sm{{#NAME_BAD}} is-invalid{{/NAME_BAD}}" id="name-{{ID}}" name="name" value="{{NAME}}" maxlength="60" required>
            {{#NAME_BAD}}<div class="invalid-feedback">{{NAME_ERR}}</div>{{/NAME_BAD}}
          </div>
          <div class="form-check mt-1">
            <input class="form-check-input{{#ACTIVE_BAD}} is-invalid{{/ACTIVE_BAD}}" type="checkbox" name="active" value="1" id="active-{{ID}}"{{#CHECKED}} checked{{/CHECKED}}>
            <label class="form-check-label" for="active-{{ID}}">[[departments.active]]</label>
            {{#ACTIVE_BAD}}<div class="invalid-feedback">{{ACTIVE_ERR}}</div>{{/ACTIVE_BAD}}
          </div>
          <button type="submit" class="btn btn-sm btn-outline-primary">[[departments.save]]</button>
        </form>
      </td>
      <td class="text-end">{{USERS}}</td>
      <td>{{#IS_ACTIVE}}<span class="badge text-bg-success">[[departments.status.active]]</span>{{/IS_ACTIVE}}{{#IS_INACTIVE}}<span class="badge text-bg-light border">[[departments.status.inactive]]</span>{{/IS_INACTIVE}}</td>
      <td>{{CREATED}}</td>
    </tr>
{{/DEPT}}  </tbody>
</table>
</div>{{/LIST}}
