{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[cust.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/customers">[[cust.title]]</a></li>
    <li class="breadcrumb-item active" aria-current="page">{{CODE}}</li>
  </ol>
</nav>
<div class="d-flex flex-wrap align-items-center gap-2 mb-3">
  <h1 class="h3 mb-0 me-auto" id="customer-name">{{NAME}} <small class="text-muted font-monospace" id="customer-code">{{CODE}}</small></h1>
  {{#CAN_RECORD}}<a class="btn btn-primary" href="{{URL}}/interactions/new" id="interaction-new">[[cust.view.record]]</a>{{/CAN_RECORD}}
  {{#CAN_MANAGE}}<a class="btn btn-outline-secondary" href="{{URL}}/edit" id="customer-edit">[[cust.view.edit]]</a>
  <form method="post" action="{{URL}}/review" class="d-inline" id="review-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <button type="submit" class="btn btn-outline-success">[[cust.view.review]]</button>
  </form>{{/CAN_MANAGE}}
</div>
{{#HEALTH_WARNING}}<div class="alert alert-warning" role="alert" id="health-warning">[[cust.health.warning]] {{#ACTED}}[[cust.health.acted]]{{/ACTED}} <strong>[[cust.health.deadline]] {{DEADLINE}}</strong></div>{{/HEALTH_WARNING}}
<div class="row g-4">
<div class="col-lg-6">
<dl class="row" id="customer-fields">
  <dt class="col-sm-4">[[cust.field.kind]]</dt><dd class="col-sm-8">{{KIND}}</dd>
  <dt class="col-sm-4">[[cust.field.industry]]</dt><dd class="col-sm-8">{{INDUSTRY}}</dd>
  <dt class="col-sm-4">[[cust.field.products]]</dt><dd class="col-sm-8">{{PRODUCTS}}</dd>
  <dt class="col-sm-4">[[cust.field.owner]]</dt><dd class="col-sm-8">{{OWNER}}</dd>
  <dt class="col-sm-4">[[cust.field.department]]</dt><dd class="col-sm-8">{{DEPT}}</dd>
  <dt class="col-sm-4">[[cust.field.value_tag]]</dt><dd class="col-sm-8">{{VALUE}}</dd>
  <dt class="col-sm-4">[[cust.field.stage]]</dt><dd class="col-sm-8">{{STAGE}}</dd>
  <dt class="col-sm-4">[[cust.field.complaint_type]]</dt><dd class="col-sm-8">{{CTYPE}}</dd>
  <dt class="col-sm-4">[[cust.field.tags]]</dt><dd class="col-sm-8" id="customer-tags">{{#TAG}}<span class="badge text-bg-light border me-1">{{NAME}}</span>{{/TAG}}</dd>
  <dt class="col-sm-4">[[cust.field.birthday]]</dt><dd class="col-sm-8">{{BIRTHDAY}}</dd>
  <dt class="col-sm-4">[[cust.field.anniversary]]</dt><dd class="col-sm-8">{{ANNIVERSARY}}</dd>
  <dt class="col-sm-4">[[cust.field.notes]]</dt><dd class="col-sm-8" style="white-space: pre-wrap">{{NOTES}}</dd>
</dl>
</div>
<div class="col-lg-6">
<dl class="row" id="customer-maintenance">
  <dt class="col-sm-5">[[cust.field.tier]]</dt><dd class="col-sm-7" id="customer-tier">{{TIER}}</dd>
  <dt class="col-sm-5">[[cust.field.health]]</dt><dd class="col-sm-7" id="customer-health">{{HEALTH}}</dd>
  <dt class="col-sm-5">[[cust.field.cycle_days]]</dt><dd class="col-sm-7">{{CYCLE}}</dd>
  <dt class="col-sm-5">[[cust.field.last_interaction]]</dt><dd class="col-sm-7">{{LAST}}</dd>
  <dt class="col-sm-5">[[cust.field.next_due]]</dt><dd class="col-sm-7" id="customer-due">{{DUE}}</dd>
  <dt class="col-sm-5">[[cust.field.annual_spend]]</dt><dd class="col-sm-7">{{SPEND}}</dd>
  <dt class="col-sm-5">[[cust.field.interactions_per_month]]</dt><dd class="col-sm-7">{{PER_MONTH}}</dd>
  <dt class="col-sm-5">[[cust.field.repurchase_count]]</dt><dd class="col-sm-7">{{REPURCHASES}}</dd>
  <dt class="col-sm-5">[[cust.field.reviewed_on]]</dt><dd class="col-sm-7" id="customer-reviewed">{{REVIEWED}}</dd>
  <dt class="col-sm-5">[[cust.field.created]]</dt><dd class="col-sm-7">{{CREATED}}</dd>
  <dt class="col-sm-5">[[cust.field.updated]]</dt><dd class="col-sm-7">{{UPDATED}}</dd>
</dl>
</div>
</div>
<h2 class="h5 mt-3">[[cust.view.contacts]]</h2>
{{#NO_CONTACTS}}<p class="text-muted">[[cust.view.no_contacts]]</p>{{/NO_CONTACTS}}
{{#HAS_CONTACTS}}<table class="table table-sm" id="contacts">
  <thead><tr><th scope="col">[[cust.field.contact_name]]</th><th scope="col">[[cust.field.contact_title]]</th><th scope="col">[[cust.field.contact_mobile]]</th><th scope="col">[[cust.field.contact_email]]</th></tr></thead>
  <tbody>
{{#CONTACT}}  <tr><td>{{NAME}}{{#PRIMARY}} <span class="badge text-bg-primary">[[cust.view.primary]]</span>{{/PRIMARY}}</td><td>{{TITLE}}</td><td class="contact-mobile">{{MOBILE}}</td><td class="contact-email">{{EMAIL}}</td></tr>
{{/CONTACT}}  </tbody>
</table>{{/HAS_CONTACTS}}
<h2 class="h5 mt-3">[[cust.view.timeline]]</h2>
{{#NO_TIMELINE}}<p class="text-muted" id="timeline-empty">[[cust.view.no_timeline]]</p>{{/NO_TIMELINE}}
{{#HAS_TIMELINE}}<table class="table table-sm" id="timeline">
  <thead><tr><th scope="col">[[cust.tl.date]]</th><th scope="col">[[cust.tl.method]]</th><th scope="col">[[cust.tl.summary]]</th><th scope="col">[[cust.tl.satisfaction]]</th><th scope="col">[[cust.tl.executor]]</th></tr></thead>
  <tbody>
{{#EVENT}}  <tr><td>{{DATE}}</td><td>{{METHOD}}</td><td>{{SUMMARY}}</td><td>{{SATISFACTION}}</td><td>{{EXECUTOR}}</td></tr>
{{/EVENT}}  </tbody>
</table>{{/HAS_TIMELINE}}
{{! survey responses (results.c survey_timeline, helper F) }}<h2 class="h5 mt-3">[[sv.results.tl.title]]</h2>
{{#NO_SURVEY_RESPONSES}}<p class="text-muted" id="survey-timeline-empty">[[sv.results.tl.none]]</p>{{/NO_SURVEY_RESPONSES}}
{{#HAS_SURVEY_RESPONSES}}<table class="table table-sm" id="survey-timeline">
  <thead><tr><th scope="col">[[sv.results.tl.date]]</th><th scope="col">[[sv.results.tl.survey]]</th><th scope="col">[[sv.results.tl.summary]]</th><th scope="col">[[sv.results.tl.state]]</th><th scope="col"></th></tr></thead>
  <tbody>
{{#SURVEY_RESPONSE}}  <tr><td>{{DATE}}</td><td>{{SURVEY}}</td><td>{{SUMMARY}}</td><td>{{STATE}}</td><td>{{#LINK}}<a href="{{HREF}}">[[sv.results.tl.view]]</a>{{/LINK}}</td></tr>
{{/SURVEY_RESPONSE}}  </tbody>
</table>{{/HAS_SURVEY_RESPONSES}}
