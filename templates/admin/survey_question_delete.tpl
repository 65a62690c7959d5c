{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-md-9 col-lg-7">
    <h1 class="h3 mb-3">[[sv.design.q.delete.title]]</h1>
    <p><a href="{{SURVEY_URL}}">{{SURVEY_TITLE}}</a></p>
    <dl class="row">
      <dt class="col-sm-3">#</dt><dd class="col-sm-9">{{N}}</dd>
      <dt class="col-sm-3">[[sv.design.q.field.kind]]</dt><dd class="col-sm-9">{{KIND_NAME}}</dd>
      <dt class="col-sm-3">[[sv.design.q.field.text]]</dt><dd class="col-sm-9" id="delete-text">{{TEXT}}</dd>
    </dl>
    <div class="alert alert-warning" role="alert" id="delete-question">[[sv.design.q.delete.question]]</div>
    <form method="post" action="{{ACTION}}" id="delete-form">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <input type="hidden" name="confirm" value="1">
      <button type="submit" class="btn btn-danger" id="delete-submit">[[sv.design.q.delete.submit]]</button>
      <a class="btn btn-link" href="{{SURVEY_URL}}">[[sv.design.cancel]]</a>
    </form>
  </div>
</div>
