{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-md-9 col-lg-7">
    <h1 class="h3 mb-3">[[users.deactivate.title]]</h1>
    <dl class="row" id="deactivate-who">
      <dt class="col-sm-3">[[users.field.display_name]]</dt><dd class="col-sm-9" id="deactivate-name">{{STORED_NAME}}</dd>
      <dt class="col-sm-3">[[users.field.login]]</dt><dd class="col-sm-9 font-monospace">{{STORED_LOGIN}}</dd>
      <dt class="col-sm-3">[[users.field.department]]</dt><dd class="col-sm-9">{{DEPT}}</dd>
    </dl>
    {{#ERROR}}<div class="alert alert-warning" role="alert" id="deactivate-error">{{MESSAGE}}</div>
    <a class="btn btn-secondary" href="{{USER_URL}}">[[users.back]]</a>{{/ERROR}}
    {{#CONFIRM}}<div class="alert alert-warning" role="alert">
      <p class="fw-bold mb-1">[[users.deactivate.question]]</p>
      <p class="mb-0">[[users.deactivate.effect]]</p>
    </div>
    <form method="post" action="{{USER_URL}}/deactivate" id="deactivate-form">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <button type="submit" class="btn btn-danger">[[users.deactivate.submit]]</button>
      <a class="btn btn-link" href="{{USER_URL}}">[[users.cancel]]</a>
    </form>{{/CONFIRM}}
  </div>
</div>
