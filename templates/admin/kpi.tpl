{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-2">[[kpi.title]]</h1>
<p class="text-muted">[[kpi.help]]</p>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="kpi-error">{{MESSAGE}}</div>{{/ERROR}}
<form method="get" action="{{MOUNT}}/kpi" class="row g-2 align-items-end mb-3 d-print-none" id="kpi-filter">
  <div class="col-auto">
    <label class="form-label" for="from">[[kpi.from]]</label>
    <input class="form-control{{#FROM_BAD}} is-invalid{{/FROM_BAD}}" type="date" id="from" name="from" value="{{FROM}}">
    {{#FROM_BAD}}<div class="invalid-feedback">{{FROM_ERR}}</div>{{/FROM_BAD}}
  </div>
  <div class="col-auto">
    <label class="form-label" for="to">[[kpi.to]]</label>
    <input class="form-control{{#TO_BAD}} is-invalid{{/TO_BAD}}" type="date" id="to" name="to" value="{{TO}}">
    {{#TO_BAD}}<div class="invalid-feedback">{{TO_ERR}}</div>{{/TO_BAD}}
  </div>
  <div class="col-auto"><button type="submit" class="btn btn-primary">[[kpi.submit]]</button></div>
</form>
<p class="mb-2" id="kpi-period">[[kpi.period]] <strong>{{PERIOD_FROM}}</strong> – <strong>{{PERIOD_TO}}</strong></p>
<div class="table-responsive">
<table class="table table-sm align-middle" id="kpi-table">
  <caption class="visually-hidden">[[kpi.title]]</caption>
  <thead class="table-light"><tr>
    <th scope="col">[[kpi.col.kpi]]</th>
    <th scope="col" class="text-end">[[kpi.col.value]]</th>
    <th scope="col" class="text-end">[[kpi.col.goal]]</th>
    <th scope="col">[[kpi.col.status]]</th>
  </tr></thead>
  <tbody>
{{#KPI}}    <tr id="kpi-{{KEY}}">
      <th scope="row" class="fw-normal">{{NAME}}</th>
      <td class="text-end kpi-value">{{VALUE}}</td>
      <td class="text-end">{{GOAL}}</td>
      <td>{{#MET}}<span class="badge text-bg-success">[[kpi.met]]</span>{{/MET}}{{#MISSED}}<span class="badge text-bg-danger">[[kpi.missed]]</span>{{/MISSED}}</td>
    </tr>
{{/KPI}}  </tbody>
</table>
</div>
<p class="small text-muted" id="kpi-basis">[[kpi.basis.coverage]] <span id="kpi-contacted">{{CONTACTED}}</span> / <span id="kpi-missed">{{MISSED}}</span>.
[[kpi.basis.followup]] <span id="kpi-fu-in-time">{{FU_IN_TIME}}</span> / <span id="kpi-fu-total">{{FU_TOTAL}}</span>.
[[kpi.basis.first_time]] <span id="kpi-ft-first">{{FT_FIRST}}</span> / <span id="kpi-ft-total">{{FT_TOTAL}}</span>.</p>
<h2 class="h5 mt-4">[[kpi.trend]]</h2>
{{! Two <svg> charts from svg.c, which escapes every text it writes. }}{{TREND:none}}
<p class="small text-muted">[[kpi.definitions]]</p>
