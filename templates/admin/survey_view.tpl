{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.design.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/surveys">[[sv.design.list.title]]</a></li>
    <li class="breadcrumb-item active" aria-current="page">{{SLUG}}</li>
  </ol>
</nav>
<div class="d-flex flex-wrap align-items-center gap-2 mb-3">
  <h1 class="h3 mb-0 me-auto" id="survey-title">{{SURVEY_TITLE}} <span class="badge {{BADGE}} sv-status sv-status-{{STATUS}} align-middle" id="survey-status" data-status="{{STATUS}}">{{STATUS_NAME}}</span></h1>
  <a class="btn btn-outline-secondary" href="{{URL}}/preview" id="survey-preview">[[sv.design.view.preview]]</a>
  {{#CAN_EDIT}}<a class="btn btn-outline-secondary" href="{{URL}}/edit" id="survey-edit">[[sv.design.view.edit]]</a>{{/CAN_EDIT}}
  {{#CAN_DESIGN}}<form method="post" action="{{URL}}/copy" class="d-inline" id="copy-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <button type="submit" class="btn btn-outline-secondary">[[sv.design.view.copy]]</button>
  </form>
  {{#MOVE}}<form method="post" action="{{URL}}/status" class="d-inline move-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="to" value="{{TO}}">
    <button type="submit" class="btn {{STYLE}}" id="move-{{TO}}">{{LABEL}}</button>
  </form>
  {{/MOVE}}{{/CAN_DESIGN}}
</div>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="survey-error">{{MESSAGE}}</div>{{/ERROR}}
{{#WARN_MANY}}<div class="alert alert-warning" role="alert" id="warn-many">{{TEXT}}</div>{{/WARN_MANY}}
<ul class="nav nav-pills mb-3" id="survey-links">
  {{#CAN_INVITE}}<li class="nav-item"><a class="nav-link" href="{{URL}}/invitations" id="link-invitations">[[sv.design.view.invitations]]</a></li>{{/CAN_INVITE}}
  {{#CAN_RESULTS}}<li class="nav-item"><a class="nav-link" href="{{URL}}/results" id="link-results">[[sv.design.view.results]]</a></li>
  <li class="nav-item"><a class="nav-link" href="{{URL}}/responses" id="link-responses">[[sv.design.view.responses]]</a></li>{{/CAN_RESULTS}}
  {{#CAN_OFFLINE}}<li class="nav-item"><a class="nav-link" href="{{URL}}/offline" id="link-offline">[[sv.design.view.offline]]</a></li>{{/CAN_OFFLINE}}
  <li class="nav-item"><a class="nav-link" href="{{URL}}/preview">[[sv.design.view.preview]]</a></li>
</ul>
<div class="row g-3 mb-4" id="survey-counts">
  <div class="col-6 col-md-2"><div class="border rounded p-2"><div class="small text-muted">[[sv.design.field.questions]]</div><div class="fs-4" id="count-questions">{{N_QUESTIONS}}</div></div></div>
  <div class="col-6 col-md-2"><div class="border rounded p-2"><div class="small text-muted">[[sv.design.field.invitations]]</div><div class="fs-4" id="count-invitations">{{N_INVITATIONS}}</div></div></div>
  <div class="col-6 col-md-3"><div class="border rounded p-2"><div class="small text-muted">[[sv.design.field.responses]]</div><div class="fs-4" id="count-responses">{{N_RESPONSES}}</div></div></div>
  <div class="col-6 col-md-3"><div class="border rounded p-2"><div class="small text-muted">[[sv.design.field.valid]]</div><div class="fs-4" id="count-valid">{{N_VALID}}</div></div></div>
  <div class="col-6 col-md-2"><div class="border rounded p-2"><div class="small text-muted">[[sv.design.field.pilot]]</div><div class="fs-4" id="count-pilot">{{N_PILOT}}</div></div></div>
</div>
<div class="row g-4">
<div class="col-lg-6">
<dl class="row" id="survey-fields">
  <dt class="col-sm-4">[[sv.design.field.title_zh]]</dt><dd class="col-sm-8" lang="zh-CN">{{TITLE_ZH}}</dd>
  <dt class="col-sm-4">[[sv.design.field.title_en]]</dt><dd class="col-sm-8" lang="en">{{TITLE_EN}}</dd>
  <dt class="col-sm-4">[[sv.design.field.slug]]</dt><dd class="col-sm-8 font-monospace" id="survey-slug">{{SLUG}}</dd>
  <dt class="col-sm-4">[[sv.design.field.public_url]]</dt><dd class="col-sm-8 font-monospace" id="survey-public">{{PUBLIC_URL}}</dd>
  <dt class="col-sm-4">[[sv.design.field.goal]]</dt><dd class="col-sm-8">{{GOAL}}</dd>
  <dt class="col-sm-4">[[sv.design.field.target]]</dt><dd class="col-sm-8" id="survey-target">{{TARGET}}</dd>
  <dt class="col-sm-4">[[sv.design.field.period]]</dt><dd class="col-sm-8" id="survey-period">{{OPENS}} – {{CLOSES}}</dd>
  <dt class="col-sm-4">[[sv.design.field.owner]]</dt><dd class="col-sm-8">{{OWNER}}</dd>
  <dt class="col-sm-4">[[sv.design.field.min_seconds]]</dt><dd class="col-sm-8">{{MIN_SECONDS}}</dd>
</dl>
</div>
<div class="col-lg-6">
<dl class="row" id="survey-history">
  <dt class="col-sm-4">[[sv.design.field.version]]</dt><dd class="col-sm-8" id="survey-version">{{VERSION}}</dd>
  <dt class="col-sm-4">[[sv.design.field.created]]</dt><dd class="col-sm-8">{{CREATED}} {{CREATOR}}</dd>
  <dt class="col-sm-4">[[sv.design.field.updated]]</dt><dd class="col-sm-8">{{UPDATED}}</dd>
  <dt class="col-sm-4">[[sv.design.field.activated]]</dt><dd class="col-sm-8">{{ACTIVATED}}</dd>
  <dt class="col-sm-4">[[sv.design.field.closed]]</dt><dd class="col-sm-8">{{CLOSED_AT}}</dd>
  {{#COPIED}}<dt class="col-sm-4">[[sv.design.field.copied_from]]</dt><dd class="col-sm-8"><a href="{{HREF}}" id="survey-copied-from" class="font-monospace">{{SLUG}}</a></dd>{{/COPIED}}
  <dt class="col-sm-4">[[sv.design.field.intro_zh]]</dt><dd class="col-sm-8" style="white-space: pre-line">{{INTRO_ZH}}</dd>
  <dt class="col-sm-4">[[sv.design.field.intro_en]]</dt><dd class="col-sm-8" style="white-space: pre-line">{{INTRO_EN}}</dd>
  <dt class="col-sm-4">[[sv.design.field.thanks_zh]]</dt><dd class="col-sm-8" style="white-space: pre-line">{{THANKS_ZH}}</dd>
  <dt class="col-sm-4">[[sv.design.field.thanks_en]]</dt><dd class="col-sm-8" style="white-space: pre-line">{{THANKS_EN}}</dd>
</dl>
</div>
</div>
<div class="d-flex flex-wrap align-items-center gap-2 mt-3 mb-2" id="questions">
  <h2 class="h5 mb-0 me-auto">[[sv.design.view.questions]]</h2>
  {{#CAN_QUESTIONS}}<a class="btn btn-primary btn-sm" href="{{URL}}/questions/new" id="question-new">[[sv.design.q.new.button]]</a>{{/CAN_QUESTIONS}}
</div>
{{#FROZEN_NOTE}}<p class="text-muted small" id="frozen-note">[[sv.design.view.frozen]]</p>{{/FROZEN_NOTE}}
{{#NO_QUESTIONS}}<div class="alert alert-info" role="status" id="questions-empty">[[sv.design.view.no_questions]]</div>{{/NO_QUESTIONS}}
{{#HAS_QUESTIONS}}<div class="table-responsive">
<table class="table table-sm align-middle" id="question-list">
  <thead><tr>
    <th scope="col">#</th>
    <th scope="col">[[sv.design.q.field.text]]</th>
    <th scope="col">[[sv.design.q.field.kind]]</th>
    <th scope="col">[[sv.design.q.field.dimension]]</th>
    <th scope="col">[[sv.design.q.field.required]]</th>
    <th scope="col"><span class="visually-hidden">[[sv.design.q.actions]]</span></th>
  </tr></thead>
  <tbody>
{{#QUESTION}}    <tr id="q-{{ID}}" class="question-row" data-kind="{{KIND}}">
      <td>{{N}}</td>
      <td class="question-text">{{TEXT}}{{#OPTIONS}} <span class="badge text-bg-light border">[[sv.design.q.options]] {{N}}</span>{{/OPTIONS}}<div class="small text-muted">{{HELP}}</div></td>
      <td class="question-kind">{{KIND_NAME}}</td>
      <td class="question-dimension">{{DIMENSION}}</td>
      <td class="question-required">{{REQUIRED}}</td>
      <td class="text-nowrap">{{#ACTIONS}}<a class="btn btn-sm btn-outline-secondary" href="{{HREF}}">[[sv.design.q.edit.button]]</a>
        {{#CAN_UP}}<form method="post" action="{{HREF}}/move" class="d-inline"><input type="hidden" name="_csrf" value="{{CSRF}}"><input type="hidden" name="dir" value="up"><button type="submit" class="btn btn-sm btn-outline-secondary move-up" title="[[sv.design.q.up]]" aria-label="[[sv.design.q.up]]">↑</button></form>{{/CAN_UP}}
        {{#CAN_DOWN}}<form method="post" action="{{HREF}}/move" class="d-inline"><input type="hidden" name="_csrf" value="{{CSRF}}"><input type="hidden" name="dir" value="down"><button type="submit" class="btn btn-sm btn-outline-secondary move-down" title="[[sv.design.q.down]]" aria-label="[[sv.design.q.down]]">↓</button></form>{{/CAN_DOWN}}
        <form method="post" action="{{HREF}}/delete" class="d-inline"><input type="hidden" name="_csrf" value="{{CSRF}}"><button type="submit" class="btn btn-sm btn-outline-danger">[[sv.design.q.delete.button]]</button></form>{{/ACTIONS}}</td>
    </tr>
{{/QUESTION}}  </tbody>
</table>
</div>{{/HAS_QUESTIONS}}
