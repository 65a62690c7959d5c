{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-md-8">
    <h1 class="h3">{{TITLE}}</h1>
    <p class="lead" id="sv-state" data-key="{{KEY}}">{{MESSAGE}}</p>
    {{#CONTACT}}<p class="text-muted">[[site.contact]] {{HOTLINE}}</p>{{/CONTACT}}
    <p><a class="btn btn-outline-primary" href="{{HOME}}">[[sv.public.back]]</a></p>
  </div>
</div>
