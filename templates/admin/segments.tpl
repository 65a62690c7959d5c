{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-2">[[segments.title]]</h1>
<p class="text-muted">[[segments.help]]</p>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="segments-error">{{MESSAGE}}</div>{{/ERROR}}
<div class="row g-3 mb-4">
  <div class="col-md-5">
    <div class="card h-100"><div class="card-body">
      <h2 class="h5">[[segments.coverage]]</h2>
      <p class="display-6 mb-1" id="segments-coverage">{{COVERAGE}}%</p>
      <p class="mb-1">{{#COVERAGE_MET}}<span class="badge text-bg-success" id="coverage-met">[[segments.goal_met]]</span>{{/COVERAGE_MET}}{{#COVERAGE_MISSED}}<span class="badge text-bg-warning" id="coverage-missed">[[segments.goal_missed]]</span>{{/COVERAGE_MISSED}}
        [[segments.goal]] ≥ {{COVERAGE_GOAL}}%</p>
      <p class="small text-muted mb-0">[[segments.segmented]] <span id="segments-segmented">{{SEGMENTED}}</span> / [[segments.total]] <span id="segments-total">{{TOTAL}}</span>; [[segments.none]] <span id="segments-none">{{NONE}}</span></p>
      <p class="small text-muted mb-0">[[segments.recompute]]</p>
    </div></div>
  </div>
  <div class="col-md-7">
    <figure class="mb-0">
      {{! svg.c escapes every text of the chart; the markup is ours. }}{{CHART:none}}
      <figcaption class="small text-muted">[[segments.chart.caption]]</figcaption>
    </figure>
  </div>
</div>
<div class="table-responsive">
<table class="table table-sm align-middle" id="segments-tiers">
  <caption class="visually-hidden">[[segments.tiers]]</caption>
  <thead class="table-light"><tr>
    <th scope="col">[[segments.col.tier]]</th>
    <th scope="col" class="text-end">[[segments.col.count]]</th>
    <th scope="col" class="text-end">[[segments.col.share]]</th>
    <th scope="col" class="text-end">[[segments.col.target]]</th>
    <th scope="col" class="text-end">[[segments.col.contact]]</th>
    <th scope="col">[[segments.col.strategy]]</th>
  </tr></thead>
  <tbody>
{{#TIER}}    <tr id="tier-{{CODE}}">
      <th scope="row">{{NAME}}</th>
      <td class="text-end" id="tier-{{CODE}}-count">{{COUNT}}</td>
      <td class="text-end">{{SHARE_ACTUAL}}%</td>
      <td class="text-end">{{SHARE_TARGET}}%</td>
      <td class="text-end">{{CONTACT_DAYS}} [[segments.days]]</td>
      <td>{{STRATEGY}}</td>
    </tr>
{{/TIER}}  </tbody>
</table>
</div>
{{#CAN_EDIT}}<h2 class="h5 mt-4">[[segments.edit]]</h2>
<form method="post" action="{{MOUNT}}/segments" id="segments-form" class="d-print-none" novalidate>
  <input type="hidden" name="_csrf" value="{{CSRF}}">
{{#EDIT}}  <fieldset class="border rounded p-3 mb-3" id="edit-{{CODE}}">
    <legend class="fs-6 fw-bold float-none w-auto px-1">{{NAME}}</legend>
    <div class="row g-3">
      <div class="col-sm-3">
        <label class="form-label" for="share_{{CODE}}">[[segments.field.share]]</label>
        <input class="form-control{{#SHARE_BAD}} is-invalid{{/SHARE_BAD}}{{#SHARE_SUM_BAD}} is-invalid{{/SHARE_SUM_BAD}}" id="share_{{CODE}}" name="share_{{CODE}}" value="{{SHARE}}" inputmode="numeric" required>
        {{#SHARE_BAD}}<div class="invalid-feedback">{{SHARE_ERR}}</div>{{/SHARE_BAD}}
      </div>
      <div class="col-sm-3">
        <label class="form-label" for="days_{{CODE}}">[[segments.field.days]]</label>
        <input class="form-control{{#DAYS_BAD}} is-invalid{{/DAYS_BAD}}" id="days_{{CODE}}" name="days_{{CODE}}" value="{{DAYS}}" inputmode="numeric" required>
        {{#DAYS_BAD}}<div class="invalid-feedback">{{DAYS_ERR}}</div>{{/DAYS_BAD}}
      </div>
      <div class="col-12">
        <label class="form-label" for="zh_{{CODE}}">[[segments.field.zh]]</label>
        <textarea class="form-control{{#ZH_BAD}} is-invalid{{/ZH_BAD}}" id="zh_{{CODE}}" name="zh_{{CODE}}" rows="2" maxlength="1000" required>{{ZH}}</textarea>
        {{#ZH_BAD}}<div class="invalid-feedback">{{ZH_ERR}}</div>{{/ZH_BAD}}
      </div>
      <div class="col-12">
        <label class="form-label" for="en_{{CODE}}">[[segments.field.en]]</label>
        <textarea class="form-control{{#EN_BAD}} is-invalid{{/EN_BAD}}" id="en_{{CODE}}" name="en_{{CODE}}" rows="2" maxlength="1000" required>{{EN}}</textarea>
        {{#EN_BAD}}<div class="invalid-feedback">{{EN_ERR}}</div>{{/EN_BAD}}
      </div>
    </div>
  </fieldset>
{{/EDIT}}  <p class="small text-muted">[[segments.field.help]]</p>
  <button type="submit" class="btn btn-primary">[[segments.submit]]</button>
</form>{{/CAN_EDIT}}
<h2 class="h5 mt-4">[[segments.changes]] <span class="text-muted small">[[segments.changes.since]] {{MONTH}}</span></h2>
<p class="small text-muted"><span id="segments-changes-count">{{CHANGES}}</span> [[segments.changes.count]] {{CHANGES_SHOWN}}</p>
{{#NO_CHANGES}}<p id="segments-no-changes">[[segments.changes.none]]</p>{{/NO_CHANGES}}
<div class="table-responsive">
<table class="table table-sm" id="segments-changes">
  <caption class="visually-hidden">[[segments.changes]]</caption>
  <thead class="table-light"><tr>
    <th scope="col">[[segments.col.date]]</th>
    <th scope="col">[[segments.col.customer]]</th>
    <th scope="col">[[segments.col.from]]</th>
    <th scope="col">[[segments.col.to]]</th>
  </tr></thead>
  <tbody>
{{#CHANGE}}    <tr>
      <td>{{ON}}</td>
      <td><a href="{{MOUNT}}/customers/{{ID}}">{{CODE}}</a> {{NAME}}</td>
      <td>{{OLD}}</td>
      <td>{{NEW}}</td>
    </tr>
{{/CHANGE}}  </tbody>
</table>
</div>
