{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-3">[[mywork.title]]</h1>
<p class="text-muted small">[[mywork.help]] {{TODAY}}</p>
<section class="mb-4" id="mywork-health">
  <h2 class="h5">[[mywork.health]]</h2>
  {{#HW_EMPTY}}<p class="text-muted">[[mywork.health.empty]]</p>{{/HW_EMPTY}}
  {{#HW_LIST}}<table class="table table-sm align-middle"><thead><tr><th scope="col">[[mywork.col.customer]]</th><th scope="col">[[mywork.col.health]]</th><th scope="col">[[mywork.col.act_by]]</th></tr></thead><tbody>
{{#HW}}  <tr{{#OVERDUE}} class="table-danger"{{/OVERDUE}}><td><a href="{{URL}}">{{CODE}}</a> {{NAME}}</td><td>{{HEALTH}}</td><td>{{DUE}}{{#OVERDUE}} <span class="badge text-bg-danger">[[followups.overdue]]</span>{{/OVERDUE}}</td></tr>
{{/HW}}  </tbody></table>{{/HW_LIST}}
</section>
<section class="mb-4" id="mywork-followups">
  <h2 class="h5">[[mywork.followups]] <a class="small" href="{{FOLLOWUPS_URL}}">[[mywork.followups.all]]</a></h2>
  {{#FU_EMPTY}}<p class="text-muted">[[mywork.followups.empty]]</p>{{/FU_EMPTY}}
  {{#FU_LIST}}<table class="table table-sm align-middle"><thead><tr><th scope="col">[[mywork.col.customer]]</th><th scope="col">[[followups.col.problem]]</th><th scope="col">[[followups.col.respond_by]]</th><th scope="col">[[followups.col.status]]</th></tr></thead><tbody>
{{#FU}}  <tr{{#OVERDUE}} class="table-danger"{{/OVERDUE}}><td><a href="{{URL}}">{{CODE}}</a> {{NAME}}</td><td>{{PROBLEM}}</td><td>{{RESPOND_BY}}{{#OVERDUE}} <span class="badge text-bg-danger">[[followups.overdue]]</span>{{/OVERDUE}}</td><td>{{STATUS}}</td></tr>
{{/FU}}  </tbody></table>{{/FU_LIST}}
</section>
<section class="mb-4" id="mywork-due">
  <h2 class="h5">[[mywork.due]]</h2>
  {{#DUE_EMPTY}}<p class="text-muted">[[mywork.due.empty]]</p>{{/DUE_EMPTY}}
  {{#DUE_LIST}}<table class="table table-sm align-middle"><thead><tr><th scope="col">[[mywork.col.customer]]</th><th scope="col">[[mywork.col.due_on]]</th><th scope="col">[[mywork.col.when]]</th><th scope="col"><span class="visually-hidden">[[mywork.col.action]]</span></th></tr></thead><tbody>
{{#DUE}}  <tr class="mywork-due-row{{#OVERDUE}} table-warning{{/OVERDUE}}"><td><a href="{{URL}}">{{CODE}}</a> {{NAME}}</td><td>{{DUE_ON}}</td><td>{{WHEN}}</td><td><a class="btn btn-sm btn-outline-primary" href="{{RECORD_URL}}">[[mywork.record]]</a></td></tr>
{{/DUE}}  </tbody></table>{{/DUE_LIST}}
</section>
