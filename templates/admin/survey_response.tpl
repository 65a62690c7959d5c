{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.results.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/surveys">[[sv.results.surveys]]</a></li>
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}">{{SURVEY_TITLE}}</a></li>
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}/responses">[[sv.results.responses.title]]</a></li>
    <li class="breadcrumb-item active" aria-current="page">#{{ID}}</li>
  </ol>
</nav>
<h1 class="h3 mb-3">[[sv.results.response.title]] #{{ID}}</h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="response-error">{{MESSAGE}}</div>{{/ERROR}}
<dl class="row" id="response-meta">
  <dt class="col-sm-3">[[sv.results.col.submitted]]</dt><dd class="col-sm-9">{{DATE}}</dd>
  <dt class="col-sm-3">[[sv.results.col.channel]]</dt><dd class="col-sm-9">{{CHANNEL}}</dd>
  <dt class="col-sm-3">[[sv.results.col.customer]]</dt><dd class="col-sm-9">{{#CUSTOMER}}<a href="{{HREF}}" id="response-customer">{{NAME}}</a>{{/CUSTOMER}}</dd>
  <dt class="col-sm-3">[[sv.results.col.duration]]</dt><dd class="col-sm-9">{{DURATION}}</dd>
  <dt class="col-sm-3">[[sv.results.col.lang]]</dt><dd class="col-sm-9">{{LANG}}</dd>
  <dt class="col-sm-3">[[sv.results.col.entered_by]]</dt><dd class="col-sm-9">{{ENTERED_BY}}</dd>
  <dt class="col-sm-3">[[sv.results.col.invitation]]</dt><dd class="col-sm-9">{{INVITATION}}</dd>
  <dt class="col-sm-3">[[sv.results.col.cleaned]]</dt><dd class="col-sm-9">{{CLEANED}}</dd>
  <dt class="col-sm-3">[[sv.results.col.state]]</dt><dd class="col-sm-9" id="response-state">{{STATE}}{{#OVERTURNED}} <span id="response-overturned">[[sv.results.overturned.by]] {{BY}} {{AT}}</span>{{/OVERTURNED}}</dd>
</dl>
{{#CAN_OVERTURN}}<form method="post" action="{{URL}}/overturn" class="mb-3" id="overturn-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
  <p class="small text-muted mb-1">[[sv.results.overturn.help]]</p>
  <button type="submit" class="btn btn-outline-warning">[[sv.results.overturn]]</button>
</form>{{/CAN_OVERTURN}}
<table class="table table-sm" id="answers">
  <thead class="table-light"><tr><th scope="col">#</th><th scope="col">[[sv.results.col.question]]</th><th scope="col">[[sv.results.col.answer]]</th></tr></thead>
  <tbody>
{{#ANSWER}}  <tr id="a-{{POS}}"><td>{{POS}}</td><td>{{QUESTION}} <small class="text-muted">{{KIND}}</small></td><td class="answer-value" style="white-space: pre-wrap">{{#UNANSWERED}}<span class="text-muted">[[sv.results.unanswered]]</span>{{/UNANSWERED}}{{VALUE}}</td></tr>
{{/ANSWER}}  </tbody>
</table>
