{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.offline.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}">{{SURVEY_TITLE}}</a></li>
    <li class="breadcrumb-item active" aria-current="page">[[sv.offline.title]]</li>
  </ol>
</nav>
<h1 class="h3 mb-3">[[sv.offline.title]] <small class="text-muted">{{SURVEY_TITLE}}</small></h1>
<div class="alert alert-warning" role="alert" id="offline-state">{{MESSAGE}}</div>
<p><a class="btn btn-outline-primary" href="{{SURVEY_URL}}">[[sv.offline.back_survey]]</a>
<a class="btn btn-link" href="{{INTERVIEWS_URL}}">[[sv.offline.to_interviews]]</a></p>
