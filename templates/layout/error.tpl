{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-md-8">
    <h1 class="h3">{{TITLE}}</h1>
    <p class="lead" id="error-message">{{MESSAGE}}</p>
    <p class="text-muted">[[error.code]] {{STATUS}}</p>
    <p><a class="btn btn-primary" href="{{HOME}}">[[error.home]]</a></p>
  </div>
</div>
