{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[users.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/users">[[users.title]]</a></li>
    <li class="breadcrumb-item active" aria-current="page">{{#IS_NEW}}[[users.new.title]]{{/IS_NEW}}{{#IS_EDIT}}{{STORED_NAME}}{{/IS_EDIT}}</li>
  </ol>
</nav>
<h1 class="h3 mb-3">{{#IS_NEW}}[[users.new.title]]{{/IS_NEW}}{{#IS_EDIT}}[[users.edit.title]]{{/IS_EDIT}}</h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="form-error">{{MESSAGE}}</div>{{/ERROR}}
{{#IS_EDIT}}<dl class="row mb-3" id="user-summary">
  <dt class="col-sm-3">[[users.field.login]]</dt><dd class="col-sm-9 font-monospace" id="user-login">{{STORED_LOGIN}}</dd>
  <dt class="col-sm-3">[[users.field.display_name]]</dt><dd class="col-sm-9" id="user-stored-name">{{STORED_NAME}}</dd>
  <dt class="col-sm-3">[[users.field.status]]</dt><dd class="col-sm-9" id="user-status">{{#IS_ACTIVE}}<span class="badge text-bg-success">[[users.status.active]]</span>{{/IS_ACTIVE}}{{#IS_INACTIVE}}<span class="badge text-bg-light border">[[users.status.inactive]]</span>{{/IS_INACTIVE}}</dd>
  <dt class="col-sm-3">[[users.field.created_utc]]</dt><dd class="col-sm-9">{{CREATED}}</dd>
</dl>{{/IS_EDIT}}
<div class="row g-4">
<div class="col-lg-7">
<form method="post" action="{{ACTION}}" novalidate id="user-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
  {{#IS_EDIT}}<h2 class="h5 mb-3">[[users.edit.profile]]</h2>{{/IS_EDIT}}
  {{#IS_NEW}}<div class="mb-3">
    <label class="form-label" for="login">[[users.field.login]]</label>
    <input class="form-control{{#LOGIN_BAD}} is-invalid{{/LOGIN_BAD}}" id="login" name="login" value="{{LOGIN}}" maxlength="64" autocomplete="off" required aria-describedby="login-help">
    {{#LOGIN_BAD}}<div class="invalid-feedback">{{LOGIN_ERR}}</div>{{/LOGIN_BAD}}
    <div class="form-text" id="login-help">[[users.help.login]]</div>
  </div>{{/IS_NEW}}
  <div class="mb-3">
    <label class="form-label" for="display_name">[[users.field.display_name]]</label>
    <input class="form-control{{#DISPLAY_NAME_BAD}} is-invalid{{/DISPLAY_NAME_BAD}}" id="display_name" name="display_name" value="{{DISPLAY_NAME}}" maxlength="100" required>
    {{#DISPLAY_NAME_BAD}}<div class="invalid-feedback">{{DISPLAY_NAME_ERR}}</div>{{/DISPLAY_NAME_BAD}}
  </div>
  <div class="row">
    <div class="col-md-7 mb-3">
      <label class="form-label" for="email">[[users.field.email]] <span class="text-muted small">[[users.optional]]</span></label>
      <input class="form-control{{#EMAIL_BAD}} is-invalid{{/EMAIL_BAD}}" id="email" name="email" type="email" value="{{EMAIL}}" maxlength="254" autocomplete="off"{{#PII_LOCKED}} disabled{{/PII_LOCKED}}>
      {{#EMAIL_BAD}}<div class="invalid-feedback">{{EMAIL_ERR}}</div>{{/EMAIL_BAD}}
    </div>
    <div class="col-md-5 mb-3">
      <label class="form-label" for="phone">[[users.field.phone]] <span class="text-muted small">[[users.optional]]</span></label>
      <input class="form-control{{#PHONE_BAD}} is-invalid{{/PHONE_BAD}}" id="phone" name="phone" type="tel" value="{{PHONE}}" maxlength="20" autocomplete="off"{{#PII_LOCKED}} disabled{{/PII_LOCKED}}>
      {{#PHONE_BAD}}<div class="invalid-feedback">{{PHONE_ERR}}</div>{{/PHONE_BAD}}
    </div>
    {{#PII_LOCKED}}<div class="form-text mb-3 mt-n2" id="pii-locked">[[users.help.pii_locked]]</div>{{/PII_LOCKED}}
  </div>
  <div class="mb-3">
    <label class="form-label" for="department">[[users.field.department]]</label>
    <select class="form-select{{#DEPARTMENT_BAD}} is-invalid{{/DEPARTMENT_BAD}}" id="department" name="department" required>
      <option value=""{{#NO_DEPT}} selected{{/NO_DEPT}}>[[users.field.department_choose]]</option>
{{#DEPT}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/DEPT}}    </select>
    {{#DEPARTMENT_BAD}}<div class="invalid-feedback">{{DEPARTMENT_ERR}}</div>{{/DEPARTMENT_BAD}}
  </div>
  <fieldset class="mb-3" id="roles">
    <legend class="form-label fs-6">[[users.field.roles]]</legend>
{{#ROLE}}    <div class="form-check form-check-inline">
      <input class="form-check-input{{#ROLE_BAD}} is-invalid{{/ROLE_BAD}}" type="checkbox" name="role" value="{{ID}}" id="role-{{ID}}"{{#CHECKED}} checked{{/CHECKED}}>
      <label class="form-check-label" for="role-{{ID}}">{{NAME}}</label>
    </div>
{{/ROLE}}    {{#ROLE_BAD}}<div class="invalid-feedback d-block">{{ROLE_ERR}}</div>{{/ROLE_BAD}}
    <div class="form-text">[[users.help.roles]]</div>
  </fieldset>
  {{#IS_NEW}}<div class="row">
    <div class="col-md-6 mb-3">
      <label class="form-label" for="password">[[users.field.password]]</label>
      <input class="form-control{{#PASSWORD_BAD}} is-invalid{{/PASSWORD_BAD}}" id="password" name="password" type="password" autocomplete="new-password" required>
      {{#PASSWORD_BAD}}<div class="invalid-feedback">{{PASSWORD_ERR}}</div>{{/PASSWORD_BAD}}
    </div>
    <div class="col-md-6 mb-3">
      <label class="form-label" for="confirm">[[users.field.confirm]]</label>
      <input class="form-control{{#CONFIRM_BAD}} is-invalid{{/CONFIRM_BAD}}" id="confirm" name="confirm" type="password" autocomplete="new-password" required>
      {{#CONFIRM_BAD}}<div class="invalid-feedback">{{CONFIRM_ERR}}</div>{{/CONFIRM_BAD}}
    </div>
    <div class="form-text mb-3">[[users.help.password]]</div>
  </div>{{/IS_NEW}}
  <button type="submit" class="btn btn-primary">{{#IS_NEW}}[[users.new.submit]]{{/IS_NEW}}{{#IS_EDIT}}[[users.edit.submit]]{{/IS_EDIT}}</button>
  <a class="btn btn-link" href="{{MOUNT}}/users">[[users.cancel]]</a>
</form>
</div>
{{#IS_EDIT}}<div class="col-lg-5">
  <div class="card mb-3" id="password-card"><div class="card-body">
    <h2 class="h5 card-title">[[users.reset.title]]</h2>
    {{#IS_SELF}}<p class="mb-0">[[users.reset.self]] <a href="{{MOUNT}}/password">[[auth.password.nav]]</a></p>
    {{#PASSWORD_BAD}}<div class="alert alert-warning mt-2 mb-0" role="alert">{{PASSWORD_ERR}}</div>{{/PASSWORD_BAD}}{{/IS_SELF}}
    {{#NOT_SELF}}<p class="text-muted small">[[users.reset.help]]</p>
    <form method="post" action="{{USER_URL}}/password" novalidate id="password-form">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <div class="mb-2">
        <label class="form-label" for="password">[[users.field.password]]</label>
        <input class="form-control{{#PASSWORD_BAD}} is-invalid{{/PASSWORD_BAD}}" id="password" name="password" type="password" autocomplete="new-password" required>
        {{#PASSWORD_BAD}}<div class="invalid-feedback">{{PASSWORD_ERR}}</div>{{/PASSWORD_BAD}}
      </div>
      <div class="mb-3">
        <label class="form-label" for="confirm">[[users.field.confirm]]</label>
        <input class="form-control{{#CONFIRM_BAD}} is-invalid{{/CONFIRM_BAD}}" id="confirm" name="confirm" type="password" autocomplete="new-password" required>
        {{#CONFIRM_BAD}}<div class="invalid-feedback">{{CONFIRM_ERR}}</div>{{/CONFIRM_BAD}}
      </div>
      <button type="submit" class="btn btn-outline-primary">[[users.reset.submit]]</button>
    </form>{{/NOT_SELF}}
  </div></div>
  <div class="card" id="status-card"><div class="card-body">
    <h2 class="h5 card-title">[[users.field.status]]</h2>
    {{#IS_ACTIVE}}<p class="text-muted small">[[users.deactivate.help]]</p>
    {{#CAN_DEACTIVATE}}<a class="btn btn-outline-danger" href="{{USER_URL}}/deactivate" id="deactivate-link">[[users.deactivate.button]]</a>{{/CAN_DEACTIVATE}}
    {{#IS_SELF}}<p class="mb-0">[[users.err.self_deactivate]]</p>{{/IS_SELF}}{{/IS_ACTIVE}}
    {{#IS_INACTIVE}}<p class="text-muted small">[[users.activate.help]]</p>
    <form method="post" action="{{USER_URL}}/activate" id="activate-form">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <button type="submit" class="btn btn-outline-success">[[users.activate.button]]</button>
    </form>{{/IS_INACTIVE}}
  </div></div>
</div>{{/IS_EDIT}}
</div>
