{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-2">[[roles.title]]</h1>
<p class="text-muted">[[roles.help]]</p>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="roles-error">{{MESSAGE}}</div>{{/ERROR}}
<form method="post" action="{{MOUNT}}/roles" id="roles-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
  <div class="table-responsive">
  <table class="table table-sm table-bordered align-middle" id="roles-matrix">
    <caption class="visually-hidden">[[roles.caption]]</caption>
    <thead class="table-light"><tr>
      <th scope="col">[[roles.permission]]</th>
{{#ROLE}}      <th scope="col" class="text-center">{{NAME}}</th>
{{/ROLE}}    </tr></thead>
    <tbody>
{{#PERM}}      <tr>
        <th scope="row" class="fw-normal">{{NAME}}<br><code class="small text-muted">{{CODE}}</code></th>
{{#CELL}}        <td class="text-center"><input class="form-check-input" type="checkbox" name="rp" value="{{VALUE}}" id="{{ID}}" aria-label="{{LABEL}}" title="{{LABEL}}"{{#CHECKED}} checked{{/CHECKED}}></td>
{{/CELL}}      </tr>
{{/PERM}}    </tbody>
  </table>
  </div>
  <p class="small text-muted">[[roles.note]]</p>
  <button type="submit" class="btn btn-primary">[[roles.submit]]</button>
</form>
