{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-md-8 text-center py-4">
    <h1 class="h3" id="sv-thanks-title">[[sv.public.thanks.title]]</h1>
    <p class="text-muted">{{SV_TITLE}}</p>
    <div id="sv-thanks">{{#THANKS}}<p class="lead">{{TEXT}}</p>{{/THANKS}}</div>
  </div>
</div>
