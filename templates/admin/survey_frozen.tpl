{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-md-9 col-lg-7">
    <h1 class="h3 mb-3">[[sv.design.frozen.title]]</h1>
    <p><a href="{{URL}}">{{SURVEY_TITLE}}</a> · {{STATUS}}</p>
    <div class="alert alert-warning" role="alert" id="frozen">{{#FROZEN}}[[sv.design.frozen.text]]{{/FROZEN}}{{#CLOSED}}[[sv.design.frozen.closed]]{{/CLOSED}}</div>
    <form method="post" action="{{URL}}/copy" class="d-inline" id="frozen-copy">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <button type="submit" class="btn btn-primary">[[sv.design.frozen.copy]]</button>
    </form>
    <a class="btn btn-link" href="{{URL}}">[[sv.design.back]]</a>
  </div>
</div>
