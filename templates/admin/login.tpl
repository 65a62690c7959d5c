{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-sm-8 col-md-6 col-lg-4">
    <h1 class="h3 mb-3">[[auth.login.title]]</h1>
    {{#ERROR}}<div class="alert alert-danger" role="alert" id="login-error">{{MESSAGE}}</div>{{/ERROR}}
    <form method="post" action="{{MOUNT}}/login" novalidate>
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <input type="hidden" name="next" value="{{NEXT}}">
      <div class="mb-3">
        <label class="form-label" for="login">[[auth.login.name]]</label>
        <input class="form-control{{#LOGIN_BAD}} is-invalid{{/LOGIN_BAD}}" id="login" name="login" value="{{LOGIN}}" autocomplete="username" autofocus required maxlength="64">
        {{#LOGIN_BAD}}<div class="invalid-feedback">{{LOGIN_ERR}}</div>{{/LOGIN_BAD}}
      </div>
      <div class="mb-3">
        <label class="form-label" for="password">[[auth.login.password]]</label>
        <input class="form-control{{#PASSWORD_BAD}} is-invalid{{/PASSWORD_BAD}}" id="password" name="password" type="password" autocomplete="current-password" required>
        {{#PASSWORD_BAD}}<div class="invalid-feedback">{{PASSWORD_ERR}}</div>{{/PASSWORD_BAD}}
      </div>
      <button type="submit" class="btn btn-primary w-100">[[auth.login.submit]]</button>
    </form>
  </div>
</div>
