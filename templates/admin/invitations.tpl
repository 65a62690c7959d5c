{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.invite.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{SURVEYS_URL}}">[[sv.invite.surveys]]</a></li>
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}">{{SURVEY_TITLE}}</a></li>
    <li class="breadcrumb-item active" aria-current="page">[[sv.invite.title]]</li>
  </ol>
</nav>
<h1 class="h3 mb-3">[[sv.invite.title]] <small class="text-muted">{{SURVEY_TITLE}}</small> <span class="badge text-bg-secondary" id="survey-status">{{STATUS_LABEL}}</span></h1>
{{#NOT_OPEN}}<div class="alert alert-warning" role="alert" id="invite-not-open">{{MESSAGE}}</div>{{/NOT_OPEN}}
{{#PILOT}}<div class="alert alert-info" role="status" id="invite-pilot">{{MESSAGE}}</div>{{/PILOT}}
{{#PILOT_FEW}}<div class="alert alert-warning" role="alert" id="invite-pilot-few">[[sv.invite.pilot.few]]</div>{{/PILOT_FEW}}
{{#PILOT_FULL}}<div class="alert alert-warning" role="alert" id="invite-pilot-full">[[sv.invite.pilot.full]]</div>{{/PILOT_FULL}}
{{#ERROR}}<div class="alert alert-danger" role="alert" id="invite-error">{{MESSAGE}}
{{#UNKNOWN}}<ul class="mb-0" id="invite-unknown">{{#CODE}}<li>{{TEXT}}</li>{{/CODE}}</ul>{{/UNKNOWN}}</div>{{/ERROR}}
<div class="row">
{{#COUNTS}}<div class="col-lg-6 mb-3">
  <h2 class="h5">{{HEADING}}</h2>
  <table class="table table-sm" id="counts-{{KIND}}">
    <thead><tr>
      <th scope="col">[[sv.invite.col.channel]]</th>
      <th scope="col" class="text-end">[[sv.invite.col.sent]]</th>
      <th scope="col" class="text-end">[[sv.invite.col.answered]]</th>
      <th scope="col" class="text-end">[[sv.invite.col.rate]]</th>
    </tr></thead>
    <tbody>
{{#ROW}}      <tr id="count-{{KIND}}-{{CODE}}"><td>{{NAME}}</td><td class="text-end sent">{{SENT}}</td><td class="text-end answered">{{ANSWERED}}</td><td class="text-end rate">{{RATE}}</td></tr>
{{/ROW}}    </tbody>
    <tfoot><tr id="count-{{KIND}}-total" class="fw-semibold"><td>[[sv.invite.total]]</td><td class="text-end sent">{{SENT}}</td><td class="text-end answered">{{ANSWERED}}</td><td class="text-end rate">{{RATE}}</td></tr></tfoot>
  </table>
</div>{{/COUNTS}}
</div>
{{#FORM}}<section class="card mb-4">
<div class="card-body">
<h2 class="h5 card-title">[[sv.invite.gen.title]]</h2>
<p class="text-muted small">[[sv.invite.gen.help]]</p>
<form method="post" action="{{ACTION}}" novalidate id="invite-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
  <fieldset class="mb-3">
    <legend class="fs-6 fw-semibold">[[sv.invite.gen.mode]]</legend>
{{#TARGET_MODE}}    <div class="form-check">
      <input class="form-check-input{{#MODE_BAD}} is-invalid{{/MODE_BAD}}" type="radio" name="mode" id="mode-target" value="target"{{#CHECKED}} checked{{/CHECKED}}>
      <label class="form-check-label" for="mode-target">{{LABEL}}</label>
    </div>
    <div class="form-check ms-4 mb-2">
      <input class="form-check-input" type="checkbox" name="skip" id="skip" value="1"{{#SKIP_CHECKED}} checked{{/SKIP_CHECKED}}>
      <label class="form-check-label" for="skip">[[sv.invite.gen.skip]]</label>
    </div>
{{/TARGET_MODE}}{{#PILOT_ONLY_LIST}}    <p class="small text-muted" id="pilot-list-only">[[sv.invite.gen.pilot_list]]</p>
{{/PILOT_ONLY_LIST}}    <div class="form-check">
      <input class="form-check-input{{#MODE_BAD}} is-invalid{{/MODE_BAD}}" type="radio" name="mode" id="mode-list" value="list"{{#LIST_CHECKED}} checked{{/LIST_CHECKED}}>
      <label class="form-check-label" for="mode-list">[[sv.invite.gen.mode.list]]</label>
      {{#MODE_BAD}}<div class="invalid-feedback" id="mode-error">{{MODE_ERR}}</div>{{/MODE_BAD}}
    </div>
  </fieldset>
  <div class="mb-3">
    <label class="form-label" for="codes">[[sv.invite.gen.codes]]</label>
    <textarea class="form-control font-monospace{{#CODES_BAD}} is-invalid{{/CODES_BAD}}" id="codes" name="codes" rows="5">{{CODES:pre_escape}}</textarea>
    {{#CODES_BAD}}<div class="invalid-feedback" id="codes-error">{{CODES_ERR}}</div>{{/CODES_BAD}}
  </div>
  <div class="mb-3 col-md-4">
    <label class="form-label" for="channel">[[sv.invite.gen.channel]]</label>
    <select class="form-select{{#CHANNEL_BAD}} is-invalid{{/CHANNEL_BAD}}" id="channel" name="channel" required>
{{#CHANNEL_OPTION}}      <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/CHANNEL_OPTION}}    </select>
    {{#CHANNEL_BAD}}<div class="invalid-feedback" id="channel-error">{{CHANNEL_ERR}}</div>{{/CHANNEL_BAD}}
  </div>
  <button class="btn btn-primary" type="submit" id="invite-submit">[[sv.invite.gen.submit]]</button>
</form>
</div>
</section>{{/FORM}}
<h2 class="h5">[[sv.invite.list.title]]</h2>
<form method="get" action="{{LIST_URL}}" class="row g-2 align-items-end mb-3" id="invite-filter">
  <div class="col-auto">
    <label class="form-label small" for="f-channel">[[sv.invite.filter.channel]]</label>
    <select class="form-select form-select-sm" id="f-channel" name="channel">
      <option value="">[[sv.invite.filter.all_channels]]</option>
{{#FILTER_CHANNEL}}      <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/FILTER_CHANNEL}}    </select>
  </div>
  <div class="col-auto">
    <label class="form-label small" for="f-used">[[sv.invite.filter.used]]</label>
    <select class="form-select form-select-sm" id="f-used" name="used">
      <option value="">[[sv.invite.filter.used.any]]</option>
      <option value="1"{{#USED_YES}} selected{{/USED_YES}}>[[sv.invite.filter.used.yes]]</option>
      <option value="0"{{#USED_NO}} selected{{/USED_NO}}>[[sv.invite.filter.used.no]]</option>
    </select>
  </div>
  <div class="col-auto">
    <label class="form-label small" for="f-kind">[[sv.invite.filter.kind]]</label>
    <select class="form-select form-select-sm" id="f-kind" name="kind">
      <option value="">[[sv.invite.filter.kind.any]]</option>
      <option value="real"{{#KIND_REAL}} selected{{/KIND_REAL}}>[[sv.invite.kind.real]]</option>
      <option value="pilot"{{#KIND_PILOT}} selected{{/KIND_PILOT}}>[[sv.invite.kind.pilot]]</option>
    </select>
  </div>
  <div class="col-auto"><button class="btn btn-sm btn-outline-secondary" type="submit">[[sv.invite.filter.apply]]</button></div>
</form>
<p class="text-muted small" id="invite-total">{{TOTAL}}</p>
{{#EMPTY}}<div class="alert alert-info" role="status" id="invite-empty">[[sv.invite.list.empty]]</div>{{/EMPTY}}
{{#LIST}}<div class="table-responsive">
<table class="table table-sm align-middle" id="invitations">
  <thead><tr>
    <th scope="col">[[sv.invite.col.customer]]</th>
    <th scope="col">[[sv.invite.col.channel]]</th>
    <th scope="col">[[sv.invite.col.kind]]</th>
    <th scope="col">[[sv.invite.col.created]]</th>
    <th scope="col">[[sv.invite.col.used]]</th>
  </tr></thead>
  <tbody>
{{#INVITATION}}  <tr id="invitation-{{ID}}">
    <td>{{#HAS_CUSTOMER}}<a href="{{CUSTOMER_URL}}">{{CODE}}</a> {{NAME}}{{/HAS_CUSTOMER}}{{#NO_CUSTOMER}}[[sv.invite.no_customer]]{{/NO_CUSTOMER}}</td>
    <td>{{CHANNEL}}</td>
    <td>{{#IS_PILOT}}<span class="badge text-bg-warning">[[sv.invite.kind.pilot]]</span>{{/IS_PILOT}}{{#IS_REAL}}[[sv.invite.kind.real]]{{/IS_REAL}}</td>
    <td>{{CREATED}}</td>
    <td class="used">{{#USED}}{{USED_AT}}{{/USED}}{{#UNUSED}}<span class="text-muted">[[sv.invite.not_used]]</span>{{/UNUSED}}</td>
  </tr>
{{/INVITATION}}  </tbody>
</table>
</div>{{/LIST}}
{{>PAGER}}
