{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center">
  <div class="col-lg-8">
    <h1 class="h3">[[complaint.home.title]]</h1>
    <p class="lead">[[complaint.home.lead]]</p>
    <ul>
      <li>[[complaint.home.step1]]</li>
      <li>[[complaint.home.step2]]</li>
      <li>[[complaint.home.step3]]</li>
    </ul>
    {{#CONTACT}}<p class="text-muted">[[site.contact]] {{HOTLINE}}</p>{{/CONTACT}}
  </div>
</div>
