{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-lg-8">
    <h1 class="h3">[[survey.home.title]]</h1>
    <p class="lead">[[survey.home.lead]]</p>
    <p>[[survey.home.how]]</p>
    <p>[[survey.home.privacy]]</p>
    {{#CONTACT}}<p class="text-muted">[[site.contact]] {{HOTLINE}}</p>{{/CONTACT}}
  </div>
</div>
