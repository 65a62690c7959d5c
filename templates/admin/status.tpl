{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-3">[[admin.status.title]]</h1>
<div class="row g-3">
  <div class="col-md-5">
    <div class="card"><div class="card-body">
      <h2 class="h5 card-title">[[admin.status.system]]</h2>
      <table class="table table-sm mb-0">
        <tr><th scope="row">[[admin.status.version]]</th><td>{{VERSION}}</td></tr>
        <tr><th scope="row">[[admin.status.schema]]</th><td id="schema-version">{{SCHEMA}}</td></tr>
        <tr><th scope="row">[[admin.status.db]]</th><td>{{DB_VERSION}}</td></tr>
        <tr><th scope="row">[[admin.status.time]]</th><td>{{NOW}}</td></tr>
      </table>
    </div></div>
  </div>
  <div class="col-md-7">
    <div class="card"><div class="card-body">
      <h2 class="h5 card-title">[[admin.status.migrations]]</h2>
      {{#MIGRATIONS}}<table class="table table-sm table-striped mb-0">
        <thead><tr><th>[[admin.status.mig.version]]</th><th>[[admin.status.mig.name]]</th><th>[[admin.status.mig.applied]]</th></tr></thead>
        <tbody>
{{#MIG}}          <tr><td>{{VERSION}}</td><td>{{NAME}}</td><td>{{APPLIED}}</td></tr>
{{/MIG}}        </tbody>
      </table>{{/MIGRATIONS}}
      {{#NO_MIGRATIONS}}<p class="text-muted mb-0">[[admin.status.mig.none]]</p>{{/NO_MIGRATIONS}}
    </div></div>
  </div>
</div>
