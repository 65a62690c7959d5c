{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[cust.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/customers">[[cust.title]]</a></li>
    <li class="breadcrumb-item active" aria-current="page">[[cust.import.title]]</li>
  </ol>
</nav>
<h1 class="h3 mb-3">[[cust.import.title]]</h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="import-error">{{MESSAGE}}</div>{{/ERROR}}
{{#PREVIEW}}<section class="mb-4" id="import-preview">
  <h2 class="h5">[[cust.import.preview]]</h2>
  <p id="import-counts">{{COUNTS}}</p>
  <p class="text-muted small">[[cust.import.nothing_written]]</p>
  <div class="table-responsive"><table class="table table-sm" id="import-rows">
    <thead><tr><th scope="col">[[cust.import.line]]</th><th scope="col">[[cust.field.code]]</th><th scope="col">[[cust.field.name]]</th><th scope="col">[[cust.import.action]]</th></tr></thead>
    <tbody>
{{#ROW}}    <tr><td>{{LINE}}</td><td class="font-monospace">{{CODE}}</td><td>{{NAME}}</td><td>{{#CREATE}}<span class="badge text-bg-success">[[cust.import.create]]</span>{{/CREATE}}{{#UPDATE}}<span class="badge text-bg-info">[[cust.import.update_exists]]</span>{{/UPDATE}}{{#REJECT}}<span class="badge text-bg-danger">[[cust.import.rejected]]</span> <span class="import-why">{{WHY}}</span>{{/REJECT}}</td></tr>
{{/ROW}}    </tbody>
  </table></div>
  <p class="text-muted small">{{MORE}}</p>
  {{#CAN_CONFIRM}}<form method="post" action="{{MOUNT}}/customers/import/confirm" id="import-confirm">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <textarea name="csv" hidden>{{CSV:pre_escape}}</textarea>
    <button type="submit" class="btn btn-primary">[[cust.import.confirm]]</button>
  </form>{{/CAN_CONFIRM}}
</section>{{/PREVIEW}}
<form method="post" action="{{MOUNT}}/customers/import" id="import-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
  <div class="mb-3">
    <label class="form-label" for="csv">[[cust.import.csv]]</label>
    <textarea class="form-control font-monospace" id="csv" name="csv" rows="12" aria-describedby="import-help">{{CSV:pre_escape}}</textarea>
    <div class="form-text" id="import-help">[[cust.import.help]] {{LIMIT}}</div>
    <div class="form-text">[[cust.import.columns]] <code>code, name, kind, industry, owner_login, value_tag, stage, complaint_type, tags, annual_spend, interactions_per_month, repurchase_count, contact_name, contact_title, contact_mobile, contact_email</code></div>
  </div>
  <button type="submit" class="btn btn-outline-primary">[[cust.import.check]]</button>
  <a class="btn btn-link" href="{{MOUNT}}/customers">[[cust.cancel]]</a>
</form>
