{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.offline.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}">{{SURVEY_TITLE}}</a></li>
    <li class="breadcrumb-item active" aria-current="page">[[sv.offline.title]]</li>
  </ol>
</nav>
<p class="h5 text-muted mb-3" id="offline-heading">[[sv.offline.title]]</p>
{{#SAVED}}<div class="alert alert-success" role="status" id="offline-saved">
  [[sv.offline.saved_for]] <strong>{{SAVED_CODE}} {{SAVED_NAME}}</strong>.
  <a class="alert-link ms-2" href="{{ANOTHER_URL}}" id="offline-another">[[sv.offline.another]]</a>
  <a class="alert-link ms-2" href="{{RESPONSE_URL}}">[[sv.offline.view_response]]</a>
  {{#BACK}}<a class="alert-link ms-2" href="{{URL}}" id="offline-back">[[sv.offline.back_interviews]]</a>{{/BACK}}
</div>{{/SAVED}}
{{#PILOT}}<div class="alert alert-warning" role="status" id="offline-pilot">[[sv.offline.pilot]]</div>{{/PILOT}}
{{#ERROR}}<div class="alert alert-danger" role="alert" id="form-error">{{MESSAGE}}</div>{{/ERROR}}
{{#SEARCH}}<form method="get" action="{{ACTION}}" class="row g-2 align-items-end mb-3" id="customer-search" role="search">
  <div class="col-auto">
    <label class="form-label" for="q">[[sv.offline.search]]</label>
    <input class="form-control" id="q" name="q" value="{{Q}}" maxlength="100" placeholder="[[sv.offline.search_hint]]">
  </div>
  <div class="col-auto"><button class="btn btn-outline-secondary" type="submit">[[sv.offline.search_go]]</button></div>
</form>{{/SEARCH}}
{{#RESULTS}}<div class="mb-3" id="customer-results">
  {{#NO_MATCH}}<p class="text-muted" id="customer-no-match">[[sv.offline.no_match]]</p>{{/NO_MATCH}}
  <ul class="list-unstyled mb-0">
{{#MATCH}}    <li class="customer-match"><a href="{{URL}}">{{CODE}}</a> {{NAME}}</li>
{{/MATCH}}  </ul>
</div>{{/RESULTS}}
{{>SURVEY_FORM}}
<p class="mt-3"><a href="{{INTERVIEWS_URL}}">[[sv.offline.to_interviews]]</a></p>
