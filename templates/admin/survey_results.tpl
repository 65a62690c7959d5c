{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.results.breadcrumb]]" class="d-print-none">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/surveys">[[sv.results.surveys]]</a></li>
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}">{{SURVEY_TITLE}}</a></li>
    <li class="breadcrumb-item active" aria-current="page">[[sv.results.title]]</li>
  </ol>
</nav>
<div class="d-flex flex-wrap align-items-center gap-2 mb-2">
  <h1 class="h3 mb-0 me-auto" id="results-title">{{SURVEY_TITLE}} <small class="text-muted">[[sv.results.title]]</small></h1>
  <a class="btn btn-outline-secondary d-print-none" href="{{LIST_HREF}}" id="responses-link">[[sv.results.responses.link]]</a>
  <a class="btn btn-outline-secondary d-print-none" href="{{CSV_HREF}}" id="csv-link">[[sv.results.csv.link]]</a>
  {{#CAN_CLEAN}}<form method="post" action="{{SURVEY_URL}}/clean" class="d-inline d-print-none" id="clean-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <button type="submit" class="btn btn-outline-primary">[[sv.results.clean]]</button>
  </form>{{/CAN_CLEAN}}
</div>
<p class="text-muted">[[sv.results.help]] [[sv.results.status]] {{SURVEY_STATUS}}.</p>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="results-error">{{MESSAGE}}</div>{{/ERROR}}
<form method="get" action="{{SURVEY_URL}}/results" class="row g-2 align-items-end mb-3 d-print-none" id="results-filter">
  <div class="col-md-2">
    <label class="form-label" for="f-tier">[[sv.results.f.tier]]</label>
    <select class="form-select{{#TIER_BAD}} is-invalid{{/TIER_BAD}}" id="f-tier" name="tier">
      <option value="">[[sv.results.f.all]]</option>
{{#TIER_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TIER_OPTION}}    </select>
    {{#TIER_BAD}}<div class="invalid-feedback">{{TIER_ERR}}</div>{{/TIER_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-value">[[sv.results.f.value_tag]]</label>
    <select class="form-select{{#VALUE_TAG_BAD}} is-invalid{{/VALUE_TAG_BAD}}" id="f-value" name="value_tag">
      <option value="">[[sv.results.f.all]]</option>
{{#VALUE_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/VALUE_OPTION}}    </select>
    {{#VALUE_TAG_BAD}}<div class="invalid-feedback">{{VALUE_TAG_ERR}}</div>{{/VALUE_TAG_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-channel">[[sv.results.f.channel]]</label>
    <select class="form-select{{#CHANNEL_BAD}} is-invalid{{/CHANNEL_BAD}}" id="f-channel" name="channel">
      <option value="">[[sv.results.f.all]]</option>
{{#CHANNEL_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/CHANNEL_OPTION}}    </select>
    {{#CHANNEL_BAD}}<div class="invalid-feedback">{{CHANNEL_ERR}}</div>{{/CHANNEL_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-from">[[sv.results.f.from]]</label>
    <input class="form-control{{#FROM_BAD}} is-invalid{{/FROM_BAD}}" type="date" id="f-from" name="from" value="{{FROM}}">
    {{#FROM_BAD}}<div class="invalid-feedback">{{FROM_ERR}}</div>{{/FROM_BAD}}
  </div>
  <div class="col-md-2">
    <label class="form-label" for="f-to">[[sv.results.f.to]]</label>
    <input class="form-control{{#TO_BAD}} is-invalid{{/TO_BAD}}" type="date" id="f-to" name="to" value="{{TO}}">
    {{#TO_BAD}}<div class="invalid-feedback">{{TO_ERR}}</div>{{/TO_BAD}}
  </div>
  <div class="col-md-2"><button type="submit" class="btn btn-primary">[[sv.results.f.submit]]</button>
  {{#FILTERED}}<a class="btn btn-link" href="{{SURVEY_URL}}/results">[[sv.results.f.clear]]</a>{{/FILTERED}}</div>
</form>
<div class="row g-3 mb-3" id="results-counts">
  <div class="col-6 col-md-2"><div class="card"><div class="card-body p-2"><div class="small text-muted">[[sv.results.invited]]</div><div class="fs-4" id="n-invited">{{INVITED}}</div></div></div></div>
  <div class="col-6 col-md-2"><div class="card"><div class="card-body p-2"><div class="small text-muted">[[sv.results.valid]]</div><div class="fs-4" id="n-valid">{{VALID}}</div></div></div></div>
  <div class="col-6 col-md-2"><div class="card"><div class="card-body p-2"><div class="small text-muted">[[sv.results.marked]]</div><div class="fs-4" id="n-marked">{{MARKED}}</div></div></div></div>
  <div class="col-6 col-md-2"><div class="card"><div class="card-body p-2"><div class="small text-muted">[[sv.results.pilot]]</div><div class="fs-4" id="n-pilot">{{PILOT}}</div></div></div></div>
  <div class="col-12 col-md-4"><div class="card"><div class="card-body p-2"><div class="small text-muted">[[sv.results.rate]]</div><div class="fs-4" id="n-rate">{{RATE}}</div><div class="small text-muted">[[sv.results.rate.basis]] <span id="n-via">{{VIA_INVITATION}}</span> / {{INVITED}}</div></div></div></div>
</div>
<div class="table-responsive">
<table class="table table-sm align-middle" id="scores">
  <caption class="visually-hidden">[[sv.results.scores]]</caption>
  <thead class="table-light"><tr><th scope="col">[[sv.results.col.measure]]</th><th scope="col" class="text-end">[[sv.results.col.value]]</th><th scope="col" class="text-end">[[sv.results.col.answers]]</th><th scope="col">[[sv.results.col.definition]]</th></tr></thead>
  <tbody>
    <tr id="score-csat"><th scope="row" class="fw-normal">[[sv.results.csat]]</th><td class="text-end score-value">{{CSAT}}</td><td class="text-end">{{RATINGS_N}}</td><td class="small text-muted">[[sv.results.def.csat]]</td></tr>
    <tr id="score-score"><th scope="row" class="fw-normal">[[sv.results.score]]</th><td class="text-end score-value">{{SCORE}}</td><td class="text-end">{{RATINGS_N}}</td><td class="small text-muted">[[sv.results.def.score]] <span id="score-mean">{{MEAN}}</span></td></tr>
    <tr id="score-nps"><th scope="row" class="fw-normal">[[sv.results.nps]]</th><td class="text-end score-value">{{NPS}}</td><td class="text-end">{{NPS_N}}</td><td class="small text-muted">[[sv.results.def.nps]] {{NPS_PROMOTERS}} − {{NPS_DETRACTORS}}</td></tr>
    <tr id="score-ces"><th scope="row" class="fw-normal">[[sv.results.ces]]</th><td class="text-end score-value">{{CES}}</td><td class="text-end">{{CES_N}}</td><td class="small text-muted">[[sv.results.def.ces]]</td></tr>
  </tbody>
</table>
</div>
{{#HAS_DIMS}}<h2 class="h5 mt-4">[[sv.results.dims]]</h2>
<p class="small text-muted">[[sv.results.dims.help]]</p>
<div class="table-responsive">
<table class="table table-sm align-middle" id="dims">
  <thead class="table-light"><tr><th scope="col">[[sv.results.col.dimension]]</th><th scope="col" class="text-end">[[sv.results.col.questions]]</th><th scope="col" class="text-end">[[sv.results.col.answers]]</th><th scope="col" class="text-end">[[sv.results.col.mean]]</th><th scope="col" class="text-end">[[sv.results.score]]</th><th scope="col" class="text-end">[[sv.results.csat]]</th><th scope="col">[[sv.results.col.flag]]</th></tr></thead>
  <tbody>
{{#DIM}}    <tr id="dim-{{CODE}}"{{#BELOW}} class="table-warning"{{/BELOW}}><th scope="row" class="fw-normal">{{NAME}}</th><td class="text-end">{{QUESTIONS}}</td><td class="text-end">{{N}}</td><td class="text-end dim-mean">{{MEAN}}</td><td class="text-end">{{SCORE}}</td><td class="text-end">{{CSAT}}</td><td>{{#BELOW}}<span class="badge text-bg-warning dim-below">[[sv.results.below]]</span>{{/BELOW}}</td></tr>
{{/DIM}}  </tbody>
</table>
</div>
<div class="row">
  <div class="col-lg-6">{{! svg.c escapes every text it writes. }}{{DIM_CHART:none}}</div>
  <div class="col-lg-6">{{DIM_DIST_CHART:none}}</div>
</div>{{/HAS_DIMS}}
<h2 class="h5 mt-4">[[sv.results.questions]]</h2>
<div class="row g-3" id="questions">
{{#QUESTION}}  <div class="col-lg-6" style="break-inside: avoid"><div class="card h-100" id="q-{{POS}}"><div class="card-body">
    <h3 class="h6">{{POS}}. {{TEXT}} <small class="text-muted">{{KIND}}</small></h3>
    {{#TEXT_KIND}}<p class="small text-muted mb-0">[[sv.results.q.text]]</p>{{/TEXT_KIND}}
{{#SCORED}}<p class="small mb-1"><span class="q-score">{{SCORE}}</span> <span class="text-muted">[[sv.results.col.answers]] <span class="q-n">{{N}}</span></span></p>{{/SCORED}}
    {{! svg.c escapes every text it writes. }}{{CHART:none}}
  </div></div></div>
{{/QUESTION}}</div>
<h2 class="h5 mt-4" id="comments-title">[[sv.results.comments]] <small class="text-muted" id="text-total">{{TEXT_TOTAL}}</small></h2>
<form method="get" action="{{SURVEY_URL}}/results" class="row g-2 align-items-end mb-2 d-print-none" id="comments-search">
  <input type="hidden" name="tier" value="{{TIER}}"><input type="hidden" name="value_tag" value="{{VALUE_TAG}}"><input type="hidden" name="channel" value="{{CHANNEL}}"><input type="hidden" name="from" value="{{FROM}}"><input type="hidden" name="to" value="{{TO}}">
  <div class="col-md-4">
    <label class="form-label" for="q">[[sv.results.search]]</label>
    <input class="form-control{{#Q_BAD}} is-invalid{{/Q_BAD}}" type="search" id="q" name="q" value="{{Q}}" maxlength="100">
    {{#Q_BAD}}<div class="invalid-feedback">{{Q_ERR}}</div>{{/Q_BAD}}
  </div>
  <div class="col-auto"><button type="submit" class="btn btn-outline-primary">[[sv.results.search.submit]]</button></div>
</form>
{{#NO_TEXTS}}<p class="text-muted" id="comments-empty">[[sv.results.comments.none]]</p>{{/NO_TEXTS}}
{{#HAS_TEXTS}}<table class="table table-sm" id="comments">
  <thead><tr><th scope="col">[[sv.results.col.date]]</th><th scope="col">[[sv.results.col.question]]</th><th scope="col">[[sv.results.col.comment]]</th><th scope="col" class="d-print-none"></th></tr></thead>
  <tbody>
{{#COMMENT}}  <tr><td class="text-nowrap">{{DATE}}</td><td class="small">{{QUESTION}}</td><td class="comment-text" style="white-space: pre-wrap">{{TEXT}}</td><td class="d-print-none"><a href="{{HREF}}">#{{RID}}</a></td></tr>
{{/COMMENT}}  </tbody>
</table>{{/HAS_TEXTS}}
{{>PAGER}}
<p class="small text-muted">[[sv.results.definitions]]</p>
