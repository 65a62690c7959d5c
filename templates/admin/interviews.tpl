{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-3">[[interview.title]]</h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="interview-error">{{MESSAGE}}</div>{{/ERROR}}
<form method="get" action="{{ACTION}}" class="row g-2 align-items-end mb-3" id="interview-filter">
  <div class="col-auto">
    <label class="form-label" for="month">[[interview.field.month]]</label>
    <select class="form-select{{#MONTH_BAD}} is-invalid{{/MONTH_BAD}}" id="month" name="month">
{{#MONTH_OPTION}}      <option value="{{M}}"{{#SELECTED}} selected{{/SELECTED}}>{{M}}</option>
{{/MONTH_OPTION}}    </select>
    {{#MONTH_BAD}}<div class="invalid-feedback" id="month-error">{{MONTH_ERR}}</div>{{/MONTH_BAD}}
  </div>
  <div class="col-auto">
    <label class="form-label" for="status">[[interview.field.status]]</label>
    <select class="form-select" id="status" name="status">
      <option value="">[[interview.status.all]]</option>
{{#STATUS_OPTION}}      <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/STATUS_OPTION}}    </select>
  </div>
  <div class="col-auto">
    <label class="form-label" for="q">[[interview.field.q]]</label>
    <input class="form-control" id="q" name="q" value="{{Q}}" maxlength="100" placeholder="[[interview.field.q_hint]]">
  </div>
  <div class="col-auto form-check ms-2 mb-2">
    <input class="form-check-input" type="checkbox" id="mine" name="mine" value="1"{{#MINE_CHECKED}} checked{{/MINE_CHECKED}}>
    <label class="form-check-label" for="mine">[[interview.field.mine]]</label>
  </div>
  <div class="col-auto"><button class="btn btn-outline-primary" type="submit">[[interview.show]]</button></div>
</form>
{{#NO_SAMPLE}}<div class="alert alert-info" role="status" id="interview-none">[[interview.none]] {{NO_SAMPLE_MONTH}}</div>
<p class="small text-muted">[[interview.none_help]]</p>{{/NO_SAMPLE}}
{{#SAMPLE}}<p class="float-end"><a class="btn btn-sm btn-outline-secondary" href="{{CSV_URL}}" id="interview-csv">[[interview.export]]</a></p>
<p class="text-muted small" id="interview-sample">[[interview.sample.survey]] <a href="{{SAMPLE_SURVEY_URL}}">{{SAMPLE_SURVEY}}</a> · [[interview.sample.drawn]] <span id="sample-drawn">{{SAMPLE_DRAWN}}</span> / <span id="sample-served">{{SAMPLE_SERVED}}</span> ({{SAMPLE_PCT}}%) · [[interview.sample.at]] {{SAMPLE_AT}}</p>
<div class="card mb-3" id="interview-progress">
  <div class="card-body">
    <div class="d-flex justify-content-between mb-1">
      <span>[[interview.progress]] <strong id="progress-done">{{DONE}}</strong> / <strong id="progress-total">{{TOTAL}}</strong> (<span id="progress-pct">{{PCT}}</span>%)</span>
      <span class="small text-muted">[[interview.status.pending]] <span id="progress-pending">{{PENDING}}</span> · [[interview.status.unreachable]] <span id="progress-unreachable">{{UNREACHABLE}}</span></span>
    </div>
    <div class="progress" role="progressbar" aria-label="[[interview.progress]]" aria-valuenow="{{PCT}}" aria-valuemin="0" aria-valuemax="100">
      <div class="progress-bar bg-success" style="width: {{PCT}}%"></div>
    </div>
  </div>
</div>
{{#EMPTY}}<div class="alert alert-info" role="status" id="interview-empty">[[interview.empty]]</div>{{/EMPTY}}
{{#LIST}}<div class="table-responsive">
<table class="table table-sm align-middle" id="interviews">
  <thead><tr>
    <th scope="col">[[interview.col.customer]]</th>
    <th scope="col">[[interview.col.assignee]]</th>
    <th scope="col">[[interview.col.status]]</th>
    <th scope="col">[[interview.col.note]]</th>
    <th scope="col">[[interview.col.action]]</th>
  </tr></thead>
  <tbody>
{{#INTERVIEW}}  <tr id="interview-{{ID}}" data-status="{{STATUS_CODE}}">
    <td><a href="{{CUSTOMER_URL}}">{{CODE}}</a> {{NAME}}</td>
    <td class="interview-assignee">{{ASSIGNEE}}</td>
    <td class="interview-status">{{STATUS}}{{#IS_DONE}} <span class="small text-muted">{{DONE_ON}}</span>{{/IS_DONE}}</td>
    <td class="interview-note">{{NOTE}}</td>
    <td>
      {{#RESPONSE}}<a class="btn btn-sm btn-outline-secondary" href="{{URL}}">[[interview.view_response]]</a>{{/RESPONSE}}
      {{#CAN_ENTER}}<a class="btn btn-sm btn-primary interview-enter" href="{{ENTER_URL}}">[[interview.enter]]</a>{{/CAN_ENTER}}
      {{#CAN_UNREACH}}<form method="post" action="{{URL}}" class="row g-1 align-items-start mt-1 interview-unreachable"><input type="hidden" name="_csrf" value="{{CSRF}}">
        <div class="col-auto"><label class="visually-hidden" for="note-{{ID}}">[[interview.field.note]]</label>
        <input class="form-control form-control-sm{{#NOTE_BAD}} is-invalid{{/NOTE_BAD}}" id="note-{{ID}}" name="note" maxlength="500" value="{{NOTE_VALUE}}" placeholder="[[interview.field.note]]" required>
        {{#NOTE_BAD}}<div class="invalid-feedback" id="note-{{ID}}-error">{{NOTE_ERR}}</div>{{/NOTE_BAD}}</div>
        <div class="col-auto"><button class="btn btn-sm btn-outline-warning" type="submit">[[interview.mark_unreachable]]</button></div>
      </form>{{/CAN_UNREACH}}
    </td>
  </tr>
{{/INTERVIEW}}  </tbody>
</table>
</div>{{/LIST}}
{{/SAMPLE}}
{{>PAGER}}
