{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[interactions.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{CUSTOMER_URL}}">{{CUSTOMER_CODE}} {{CUSTOMER_NAME}}</a></li>
    <li class="breadcrumb-item active" aria-current="page">[[interactions.new.title]]</li>
  </ol>
</nav>
<h1 class="h3 mb-3">[[interactions.new.title]] <small class="text-muted" id="interaction-customer">{{CUSTOMER_CODE}} {{CUSTOMER_NAME}}</small></h1>
{{#ERROR}}<div class="alert alert-danger" role="alert" id="form-error">{{MESSAGE}}</div>{{/ERROR}}
<form method="post" action="{{ACTION}}" novalidate id="interaction-form">
  <input type="hidden" name="_csrf" value="{{CSRF}}">
  <div class="row">
    <div class="col-md-3 mb-3">
      <label class="form-label" for="date">[[interactions.field.date]]</label>
      <input class="form-control{{#DATE_BAD}} is-invalid{{/DATE_BAD}}" id="date" name="date" type="date" value="{{DATE}}" max="{{TODAY}}" required>
      {{#DATE_BAD}}<div class="invalid-feedback" id="date-error">{{DATE_ERR}}</div>{{/DATE_BAD}}
    </div>
    <div class="col-md-3 mb-3">
      <label class="form-label" for="method">[[interactions.field.method]]</label>
      <select class="form-select{{#METHOD_BAD}} is-invalid{{/METHOD_BAD}}" id="method" name="method" required>
{{#METHOD_OPTION}}        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/METHOD_OPTION}}      </select>
      {{#METHOD_BAD}}<div class="invalid-feedback" id="method-error">{{METHOD_ERR}}</div>{{/METHOD_BAD}}
    </div>
    <div class="col-md-3 mb-3">
      <label class="form-label" for="contact">[[interactions.field.contact]] <span class="text-muted small">[[interactions.optional]]</span></label>
      <select class="form-select{{#CONTACT_BAD}} is-invalid{{/CONTACT_BAD}}" id="contact" name="contact">
        <option value="">[[interactions.contact.none]]</option>
{{#CONTACT_OPTION}}        <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}} {{TITLE}}</option>
{{/CONTACT_OPTION}}      </select>
      {{#CONTACT_BAD}}<div class="invalid-feedback" id="contact-error">{{CONTACT_ERR}}</div>{{/CONTACT_BAD}}
    </div>
    <div class="col-md-3 mb-3">
      <label class="form-label" for="executor">[[interactions.field.executor]]</label>
      <select class="form-select{{#EXECUTOR_BAD}} is-invalid{{/EXECUTOR_BAD}}" id="executor" name="executor" required>
{{#EXECUTOR_OPTION}}        <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}} ({{LOGIN}})</option>
{{/EXECUTOR_OPTION}}      </select>
      {{#EXECUTOR_BAD}}<div class="invalid-feedback" id="executor-error">{{EXECUTOR_ERR}}</div>{{/EXECUTOR_BAD}}
    </div>
  </div>
  <div class="mb-3">
    <label class="form-label" for="summary">[[interactions.field.summary]]</label>
    <textarea class="form-control{{#SUMMARY_BAD}} is-invalid{{/SUMMARY_BAD}}" id="summary" name="summary" rows="3" maxlength="2000" required>{{SUMMARY}}</textarea>
    {{#SUMMARY_BAD}}<div class="invalid-feedback" id="summary-error">{{SUMMARY_ERR}}</div>{{/SUMMARY_BAD}}
  </div>
  <fieldset class="mb-3">
    <legend class="fs-6 fw-semibold">[[interactions.feedback]]</legend>
    <div class="row">
      <div class="col-md-3 mb-3">
        <label class="form-label" for="satisfaction">[[interactions.field.satisfaction]] <span class="text-muted small">[[interactions.optional]]</span></label>
        <select class="form-select{{#SATISFACTION_BAD}} is-invalid{{/SATISFACTION_BAD}}" id="satisfaction" name="satisfaction">
          <option value="">—</option>
{{#SATISFACTION_OPTION}}          <option value="{{N}}"{{#SELECTED}} selected{{/SELECTED}}>{{N}}</option>
{{/SATISFACTION_OPTION}}        </select>
        {{#SATISFACTION_BAD}}<div class="invalid-feedback" id="satisfaction-error">{{SATISFACTION_ERR}}</div>{{/SATISFACTION_BAD}}
      </div>
      <div class="col-md-9 mb-3">
        <label class="form-label" for="comments">[[interactions.field.comments]] <span class="text-muted small">[[interactions.optional]]</span></label>
        <input class="form-control{{#COMMENTS_BAD}} is-invalid{{/COMMENTS_BAD}}" id="comments" name="comments" value="{{COMMENTS}}" maxlength="2000">
        {{#COMMENTS_BAD}}<div class="invalid-feedback" id="comments-error">{{COMMENTS_ERR}}</div>{{/COMMENTS_BAD}}
      </div>
    </div>
  </fieldset>
  <fieldset class="mb-3">
    <legend class="fs-6 fw-semibold">[[interactions.scores]] <span class="text-muted small">[[interactions.optional]]</span></legend>
    <div class="row">
      <div class="col-md-3 mb-3">
        <label class="form-label" for="score_speed">[[interactions.field.score_speed]]</label>
        <select class="form-select{{#SCORE_SPEED_BAD}} is-invalid{{/SCORE_SPEED_BAD}}" id="score_speed" name="score_speed">
          <option value="">—</option>
{{#SCORE_SPEED_OPTION}}          <option value="{{N}}"{{#SELECTED}} selected{{/SELECTED}}>{{N}}</option>
{{/SCORE_SPEED_OPTION}}        </select>
        {{#SCORE_SPEED_BAD}}<div class="invalid-feedback" id="score_speed-error">{{SCORE_SPEED_ERR}}</div>{{/SCORE_SPEED_BAD}}
      </div>
      <div class="col-md-3 mb-3">
        <label class="form-label" for="score_resolution">[[interactions.field.score_resolution]]</label>
        <select class="form-select{{#SCORE_RESOLUTION_BAD}} is-invalid{{/SCORE_RESOLUTION_BAD}}" id="score_resolution" name="score_resolution">
          <option value="">—</option>
{{#SCORE_RESOLUTION_OPTION}}          <option value="{{N}}"{{#SELECTED}} selected{{/SELECTED}}>{{N}}</option>
{{/SCORE_RESOLUTION_OPTION}}        </select>
        {{#SCORE_RESOLUTION_BAD}}<div class="invalid-feedback" id="score_resolution-error">{{SCORE_RESOLUTION_ERR}}</div>{{/SCORE_RESOLUTION_BAD}}
      </div>
      <div class="col-md-3 mb-3">
        <label class="form-label" for="score_professional">[[interactions.field.score_professional]]</label>
        <select class="form-select{{#SCORE_PROFESSIONAL_BAD}} is-invalid{{/SCORE_PROFESSIONAL_BAD}}" id="score_professional" name="score_professional">
          <option value="">—</option>
{{#SCORE_PROFESSIONAL_OPTION}}          <option value="{{N}}"{{#SELECTED}} selected{{/SELECTED}}>{{N}}</option>
{{/SCORE_PROFESSIONAL_OPTION}}        </select>
        {{#SCORE_PROFESSIONAL_BAD}}<div class="invalid-feedback" id="score_professional-error">{{SCORE_PROFESSIONAL_ERR}}</div>{{/SCORE_PROFESSIONAL_BAD}}
      </div>
      <div class="col-md-3 mb-3">
        <label class="form-label" for="score_proactive">[[interactions.field.score_proactive]]</label>
        <select class="form-select{{#SCORE_PROACTIVE_BAD}} is-invalid{{/SCORE_PROACTIVE_BAD}}" id="score_proactive" name="score_proactive">
          <option value="">—</option>
{{#SCORE_PROACTIVE_OPTION}}          <option value="{{N}}"{{#SELECTED}} selected{{/SELECTED}}>{{N}}</option>
{{/SCORE_PROACTIVE_OPTION}}        </select>
        {{#SCORE_PROACTIVE_BAD}}<div class="invalid-feedback" id="score_proactive-error">{{SCORE_PROACTIVE_ERR}}</div>{{/SCORE_PROACTIVE_BAD}}
      </div>
    </div>
  </fieldset>
  <div class="mb-3">
    <label class="form-label" for="remarks">[[interactions.field.remarks]] <span class="text-muted small">[[interactions.optional]]</span></label>
    <textarea class="form-control{{#REMARKS_BAD}} is-invalid{{/REMARKS_BAD}}" id="remarks" name="remarks" rows="2" maxlength="2000">{{REMARKS}}</textarea>
    {{#REMARKS_BAD}}<div class="invalid-feedback" id="remarks-error">{{REMARKS_ERR}}</div>{{/REMARKS_BAD}}
  </div>
  <div class="form-check mb-3">
    <input class="form-check-input{{#ESCALATE_BAD}} is-invalid{{/ESCALATE_BAD}}" type="checkbox" id="escalate" name="escalate" value="1"{{#ESCALATE_CHECKED}} checked{{/ESCALATE_CHECKED}}>
    <label class="form-check-label" for="escalate">[[interactions.field.escalate]]</label>
    {{#ESCALATE_BAD}}<div class="invalid-feedback" id="escalate-error">{{ESCALATE_ERR}}</div>{{/ESCALATE_BAD}}
  </div>
  <div class="mb-3">
    <label class="form-label" for="problem">[[interactions.field.problem]] <span class="text-muted small">[[interactions.optional]]</span></label>
    <textarea class="form-control{{#PROBLEM_BAD}} is-invalid{{/PROBLEM_BAD}}" id="problem" name="problem" rows="2" maxlength="2000" aria-describedby="problem-help">{{PROBLEM}}</textarea>
    {{#PROBLEM_BAD}}<div class="invalid-feedback" id="problem-error">{{PROBLEM_ERR}}</div>{{/PROBLEM_BAD}}
    <div class="form-text" id="problem-help">[[interactions.help.problem]]</div>
  </div>
  <button type="submit" class="btn btn-primary">[[interactions.new.submit]]</button>
  <a class="btn btn-link" href="{{CUSTOMER_URL}}">[[interactions.cancel]]</a>
</form>
