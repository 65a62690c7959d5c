{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-3">[[followups.title]]</h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="followup-error">{{MESSAGE}}</div>{{/ERROR}}
<p class="text-muted small" id="followups-total">{{TOTAL}}</p>
{{#EMPTY}}<div class="alert alert-info" role="status" id="followups-empty">[[followups.empty]]</div>{{/EMPTY}}
{{#LIST}}<div class="table-responsive">
<table class="table table-sm align-middle" id="followups">
  <thead><tr>
    <th scope="col">[[followups.col.customer]]</th>
    <th scope="col">[[followups.col.problem]]</th>
    <th scope="col">[[followups.col.owner]]</th>
    <th scope="col">[[followups.col.raised]]</th>
    <th scope="col">[[followups.col.respond_by]]</th>
    <th scope="col">[[followups.col.status]]</th>
    <th scope="col">[[followups.col.action]]</th>
  </tr></thead>
  <tbody>
{{#FOLLOWUP}}  <tr id="followup-{{ID}}"{{#OVERDUE}} class="table-danger"{{/OVERDUE}}>
    <td><a href="{{CUSTOMER_URL}}">{{CODE}}</a> {{NAME}}</td>
    <td>{{PROBLEM}}</td>
    <td>{{OWNER}}</td>
    <td>{{RAISED}}</td>
    <td>{{RESPOND_BY}}{{#OVERDUE}} <span class="badge text-bg-danger overdue">[[followups.overdue]]</span>{{/OVERDUE}}</td>
    <td class="followup-status">{{STATUS}}</td>
    <td>
      {{#CAN_RESPOND}}<form method="post" action="{{URL}}/respond" class="d-inline"><input type="hidden" name="_csrf" value="{{CSRF}}"><button class="btn btn-sm btn-outline-primary" type="submit">[[followups.respond]]</button></form>{{/CAN_RESPOND}}
      {{#CAN_RESOLVE}}<form method="post" action="{{URL}}/resolve" class="d-inline"><input type="hidden" name="_csrf" value="{{CSRF}}"><button class="btn btn-sm btn-outline-primary" type="submit">[[followups.resolve]]</button></form>{{/CAN_RESOLVE}}
      {{#CAN_CONFIRM}}<form method="post" action="{{URL}}/confirm" class="row g-1 align-items-center"><input type="hidden" name="_csrf" value="{{CSRF}}">
        <div class="col-auto"><label class="visually-hidden" for="sat-{{ID}}">[[followups.confirmation]]</label>
        <select class="form-select form-select-sm" id="sat-{{ID}}" name="satisfaction" required><option value="">[[followups.confirmation]]</option>
{{#CONFIRM_OPTION}}          <option value="{{N}}">{{N}}</option>
{{/CONFIRM_OPTION}}        </select></div>
        <div class="col-auto"><label class="visually-hidden" for="note-{{ID}}">[[followups.note]]</label><input class="form-control form-control-sm" id="note-{{ID}}" name="note" maxlength="1000" placeholder="[[followups.note]]"></div>
        <div class="col-auto"><button class="btn btn-sm btn-outline-success" type="submit">[[followups.confirm]]</button></div>
      </form>{{/CAN_CONFIRM}}
    </td>
  </tr>
{{/FOLLOWUP}}  </tbody>
</table>
</div>{{/LIST}}
{{>PAGER}}
