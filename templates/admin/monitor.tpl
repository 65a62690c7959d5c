{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-center gap-2 mb-3">
  <h1 class="h3 mb-0 me-auto">[[monitor.title]]</h1>
  {{#EXPORT}}<a class="btn btn-outline-secondary" href="{{HREF}}" id="monitor-export">[[monitor.export]]</a>{{/EXPORT}}
</div>
<form class="row g-2 align-items-end mb-3" method="get" action="{{MOUNT}}/monitor" role="search" novalidate id="monitor-filter">
  <div class="col-md-2"><label class="form-label" for="from">[[monitor.from]]</label><input class="form-control" id="from" name="from" type="date" value="{{FROM}}"></div>
  <div class="col-md-2"><label class="form-label" for="to">[[monitor.to]]</label><input class="form-control" id="to" name="to" type="date" value="{{TO}}"></div>
  <div class="col-md-2"><label class="form-label" for="f-executor">[[monitor.col.executor]]</label>
    <select class="form-select" id="f-executor" name="executor"><option value="">[[monitor.all]]</option>
{{#EXECUTOR_OPTION}}      <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/EXECUTOR_OPTION}}    </select></div>
  <div class="col-md-2"><label class="form-label" for="f-tier">[[monitor.tier]]</label>
    <select class="form-select" id="f-tier" name="tier"><option value="">[[monitor.all]]</option>
{{#TIER_OPTION}}      <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TIER_OPTION}}    </select></div>
  <div class="col-md-2"><label class="form-label" for="f-method">[[monitor.col.method]]</label>
    <select class="form-select" id="f-method" name="method"><option value="">[[monitor.all]]</option>
{{#METHOD_OPTION}}      <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/METHOD_OPTION}}    </select></div>
  <div class="col-md-2"><button type="submit" class="btn btn-outline-primary w-100">[[monitor.filter]]</button></div>
</form>
<p class="text-muted small" id="monitor-total">{{TOTAL}}</p>
{{#EMPTY}}<div class="alert alert-info" role="status" id="monitor-empty">[[monitor.empty]]</div>{{/EMPTY}}
{{#LIST}}<div class="table-responsive">
<table class="table table-sm table-bordered align-middle small" id="monitor">
  <thead><tr>
    <th scope="col">[[monitor.col.code]]</th><th scope="col">[[monitor.col.name_kind]]</th><th scope="col">[[monitor.col.contact]]</th><th scope="col">[[monitor.col.cycle]]</th><th scope="col">[[monitor.col.date]]</th><th scope="col">[[monitor.col.method]]</th><th scope="col">[[monitor.col.summary]]</th><th scope="col">[[monitor.col.feedback]]</th><th scope="col">[[monitor.col.speed]]</th><th scope="col">[[monitor.col.resolution]]</th><th scope="col">[[monitor.col.professional]]</th><th scope="col">[[monitor.col.proactive]]</th><th scope="col">[[monitor.col.executor]]</th><th scope="col">[[monitor.col.remarks]]</th>
  </tr></thead>
  <tbody>
{{#ROW}}  <tr><td><a href="{{URL}}">{{CODE}}</a></td><td>{{NAME}} <span class="text-muted">{{KIND}}</span></td><td>{{CONTACT}} <span class="font-monospace">{{MOBILE}}</span></td><td>{{CYCLE}}</td><td>{{DATE}}</td><td>{{METHOD}}</td><td>{{SUMMARY}}</td><td>{{SATISFACTION}} {{COMMENTS}}</td><td>{{SPEED}}</td><td>{{RESOLUTION}}</td><td>{{PROFESSIONAL}}</td><td>{{PROACTIVE}}</td><td>{{EXECUTOR}}</td><td>{{REMARKS}}{{#ESCALATE}} <span class="badge text-bg-warning">[[monitor.escalate]]</span>{{/ESCALATE}}</td></tr>
{{/ROW}}  </tbody>
</table>
</div>{{/LIST}}
{{>PAGER}}
