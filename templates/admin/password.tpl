{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-sm-10 col-md-7 col-lg-5">
    <h1 class="h3 mb-3">[[auth.password.title]]</h1>
    <p class="text-muted">[[auth.password.help]]</p>
    <form method="post" action="{{MOUNT}}/password" novalidate>
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <div class="mb-3">
        <label class="form-label" for="current">[[auth.password.current]]</label>
        <input class="form-control{{#CURRENT_BAD}} is-invalid{{/CURRENT_BAD}}" id="current" name="current" type="password" autocomplete="current-password" required>
        {{#CURRENT_BAD}}<div class="invalid-feedback">{{CURRENT_ERR}}</div>{{/CURRENT_BAD}}
      </div>
      <div class="mb-3">
        <label class="form-label" for="new">[[auth.password.new]]</label>
        <input class="form-control{{#NEW_BAD}} is-invalid{{/NEW_BAD}}" id="new" name="new" type="password" autocomplete="new-password" required>
        {{#NEW_BAD}}<div class="invalid-feedback">{{NEW_ERR}}</div>{{/NEW_BAD}}
      </div>
      <div class="mb-3">
        <label class="form-label" for="confirm">[[auth.password.confirm]]</label>
        <input class="form-control{{#CONFIRM_BAD}} is-invalid{{/CONFIRM_BAD}}" id="confirm" name="confirm" type="password" autocomplete="new-password" required>
        {{#CONFIRM_BAD}}<div class="invalid-feedback">{{CONFIRM_ERR}}</div>{{/CONFIRM_BAD}}
      </div>
      <button type="submit" class="btn btn-primary">[[auth.password.submit]]</button>
    </form>
  </div>
</div>
