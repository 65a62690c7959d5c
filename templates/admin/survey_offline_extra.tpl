{{%AUTOESCAPE context="HTML"}}<fieldset class="border rounded p-3 mb-4" id="offline-fields">
  <legend class="fs-6 fw-semibold float-none w-auto px-2 mb-0">[[sv.offline.staff_fields]]</legend>
  <div class="row">
{{#INTERVIEW}}    <div class="col-md-4 mb-3">
      <input type="hidden" name="interview" value="{{INTERVIEW_ID}}">
      <span class="form-label d-block">[[sv.offline.field.customer]]</span>
      <strong id="offline-customer">{{CUSTOMER_CODE}} {{CUSTOMER_NAME}}</strong>
      <div class="form-text" id="offline-interview">[[sv.offline.from_interview]] {{MONTH}}</div>
    </div>
{{/INTERVIEW}}{{#PICK}}    <div class="col-md-4 mb-3">
      <label class="form-label" for="customer">[[sv.offline.field.customer]]</label>
      <input class="form-control{{#CUSTOMER_BAD}} is-invalid{{/CUSTOMER_BAD}}" id="customer" name="customer" value="{{CUSTOMER}}" maxlength="20" required aria-describedby="customer-help">
      {{#CUSTOMER_BAD}}<div class="invalid-feedback" id="customer-error">{{CUSTOMER_ERR}}</div>{{/CUSTOMER_BAD}}
      {{#PICKED}}<div class="form-text" id="offline-customer">{{CUSTOMER_NAME}}</div>{{/PICKED}}
      <div class="form-text" id="customer-help">[[sv.offline.help.customer]]</div>
{{#CUSTOMER_MATCH}}      <div class="small customer-match"><a href="{{URL}}">{{CODE}}</a> {{NAME}}</div>
{{/CUSTOMER_MATCH}}    </div>
{{/PICK}}    <div class="col-md-4 mb-3">
      <label class="form-label" for="channel">[[sv.offline.field.channel]]</label>
      <select class="form-select{{#CHANNEL_BAD}} is-invalid{{/CHANNEL_BAD}}" id="channel" name="channel" required>
        <option value="">[[sv.offline.choose]]</option>
{{#CHANNEL_OPTION}}        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/CHANNEL_OPTION}}      </select>
      {{#CHANNEL_BAD}}<div class="invalid-feedback" id="channel-error">{{CHANNEL_ERR}}</div>{{/CHANNEL_BAD}}
    </div>
    <div class="col-md-4 mb-3">
      <label class="form-label" for="date">[[sv.offline.field.date]]</label>
      <input class="form-control{{#DATE_BAD}} is-invalid{{/DATE_BAD}}" id="date" name="date" type="date" value="{{DATE}}" max="{{TODAY}}" required>
      {{#DATE_BAD}}<div class="invalid-feedback" id="date-error">{{DATE_ERR}}</div>{{/DATE_BAD}}
    </div>
  </div>
</fieldset>
