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
  {{#HAS_FILE}}<p class="mb-1" id="import-file">{{FILE}}</p>{{/HAS_FILE}}
  <p id="import-counts" class="fw-semibold">{{COUNTS}}</p>
  {{#DONE}}<div class="alert alert-info" id="import-done">[[import.already_done]]</div>{{/DONE}}
  {{#EXPIRED}}<div class="alert alert-warning" id="import-expired">[[import.err.expired]]</div>{{/EXPIRED}}
  <p class="text-muted small">[[cust.import.nothing_written]]</p>
  {{#CAN_CONFIRM}}<form method="post" action="{{MOUNT}}/customers/import/confirm" id="import-confirm" class="mb-3">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="batch" value="{{BATCH}}">
    {{#PASTE}}<textarea name="csv" hidden>{{CSV:pre_escape}}</textarea>{{/PASTE}}
    <button type="submit" class="btn btn-primary">[[cust.import.confirm]]</button>
    <span class="form-text ms-2">[[import.confirm_help]]</span>
  </form>{{/CAN_CONFIRM}}
  <ul class="nav nav-tabs mb-2">
    <li class="nav-item"><a class="nav-link{{#SHOW_ALL}} active{{/SHOW_ALL}}" href="{{ALL_HREF}}" id="import-view-all">[[import.view.all]] ({{N_ALL}})</a></li>
    <li class="nav-item"><a class="nav-link{{#SHOW_REJECTED}} active{{/SHOW_REJECTED}}" href="{{REJECTED_HREF}}" id="import-view-rejected">[[import.view.rejected]] ({{N_REJECTED}})</a></li>
  </ul>
  {{#NO_ROWS}}<p class="text-muted" id="import-no-rows">[[import.no_rows]]</p>{{/NO_ROWS}}
  <div class="table-responsive"><table class="table table-sm" id="import-rows">
    <thead><tr><th scope="col">[[cust.import.line]]</th><th scope="col">[[cust.field.code]]</th><th scope="col">[[cust.field.name]]</th><th scope="col">[[cust.import.action]]</th></tr></thead>
    <tbody>
{{#ROW}}    <tr><td>{{LINE}}</td><td class="font-monospace">{{CODE}}</td><td>{{NAME}}</td><td>{{#CREATE}}<span class="badge text-bg-success">[[cust.import.create]]</span>{{/CREATE}}{{#UPDATE}}<span class="badge text-bg-info">[[cust.import.update_exists]]</span>{{/UPDATE}}{{#REJECT}}<span class="badge text-bg-danger">[[cust.import.rejected]]</span> <span class="import-why">{{WHY}}</span>{{/REJECT}}</td></tr>
{{/ROW}}    </tbody>
  </table></div>
  {{>PAGER}}
</section>{{/PREVIEW}}
<form method="post" action="{{MOUNT}}/customers/import" enctype="multipart/form-data" id="import-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
  <div class="mb-3">
    <label class="form-label" for="file">[[import.file]]</label>
    <input class="form-control" type="file" id="file" name="file" accept=".csv,text/csv" aria-describedby="file-help">
    <div class="form-text" id="file-help">[[import.file_help]] {{UPLOAD_LIMIT}}</div>
  </div>
  <div class="mb-3">
    <label class="form-label" for="csv">[[import.or_paste]]</label>
    <textarea class="form-control font-monospace" id="csv" name="csv" rows="8" aria-describedby="import-help">{{CSV:pre_escape}}</textarea>
    <div class="form-text" id="import-help">[[import.paste_help]] {{LIMIT}}</div>
    <div class="form-text">[[cust.import.columns]] <code>code, name, kind, industry, owner_login, value_tag, stage, complaint_type, tags, annual_spend, interactions_per_month, repurchase_count, contact_name, contact_title, contact_mobile, contact_email</code></div>
  </div>
  <button type="submit" class="btn btn-outline-primary">[[cust.import.check]]</button>
  <a class="btn btn-link" href="{{MOUNT}}/customers">[[cust.cancel]]</a>
</form>
