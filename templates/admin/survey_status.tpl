{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-md-9 col-lg-7">
    <h1 class="h3 mb-3">[[sv.design.confirm.title]]</h1>
    <dl class="row">
      <dt class="col-sm-3">[[sv.design.field.title]]</dt><dd class="col-sm-9" id="confirm-title">{{SURVEY_TITLE}}</dd>
      <dt class="col-sm-3">[[sv.design.field.slug]]</dt><dd class="col-sm-9 font-monospace">{{SLUG}}</dd>
      <dt class="col-sm-3">[[sv.design.field.period]]</dt><dd class="col-sm-9">{{OPENS}} – {{CLOSES}}</dd>
    </dl>
    <div class="alert alert-warning" role="alert" id="confirm-question">{{QUESTION}}</div>
    <form method="post" action="{{URL}}/status" id="confirm-form">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <input type="hidden" name="to" value="{{TO}}">
      <input type="hidden" name="confirm" value="1">
      <button type="submit" class="btn {{STYLE}}" id="confirm-submit">{{LABEL}}</button>
      <a class="btn btn-link" href="{{URL}}">[[sv.design.cancel]]</a>
    </form>
  </div>
</div>
