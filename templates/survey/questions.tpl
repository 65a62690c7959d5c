{{%AUTOESCAPE context="HTML"}}<div class="sv-questions">
{{#Q}}<div class="card mb-3 sv-q{{#INVALID}} border-danger{{/INVALID}}" id="q{{QID}}-box" data-kind="{{KIND}}"><div class="card-body">
<fieldset{{#INVALID}} aria-invalid="true"{{/INVALID}} aria-describedby="{{#HELP}}q{{QID}}-help {{/HELP}}{{#BAD}}q{{QID}}-err{{/BAD}}">
<legend class="h6 mb-2 float-none">{{NUM}}. {{TEXT}}{{#REQ}} <span class="text-danger" aria-hidden="true">*</span><span class="visually-hidden">[[sv.form.required_mark]]</span>{{/REQ}}</legend>
{{#HELP}}<div class="form-text mt-0 mb-2" id="q{{QID}}-help">{{HELP_TEXT}}</div>
{{/HELP}}{{#BAD}}<div class="invalid-feedback d-block mb-2 fw-semibold" id="q{{QID}}-err" role="alert">{{ERR}}</div>
{{/BAD}}{{#RATING}}<div class="d-grid gap-2 d-md-flex sv-rating">
{{#OPT}}<input type="radio" class="btn-check" name="q{{QID}}" id="q{{QID}}-{{VAL}}" value="{{VAL}}" autocomplete="off"{{#CHECKED}} checked{{/CHECKED}}>
<label class="btn btn-outline-primary text-start py-2 flex-md-fill" for="q{{QID}}-{{VAL}}"><strong>{{VAL}}</strong> · {{LABEL}}</label>
{{/OPT}}</div>
{{/RATING}}{{#SCALE}}<div class="d-flex flex-wrap gap-2 sv-scale">
{{#OPT}}<input type="radio" class="btn-check" name="q{{QID}}" id="q{{QID}}-{{VAL}}" value="{{VAL}}" autocomplete="off"{{#CHECKED}} checked{{/CHECKED}}>
<label class="btn btn-outline-primary py-2 px-3" for="q{{QID}}-{{VAL}}">{{VAL}}</label>
{{/OPT}}</div>
<div class="d-flex justify-content-between small text-muted mt-1"><span>{{MIN}} = {{LOW}}</span><span>{{MAX}} = {{HIGH}}</span></div>
{{/SCALE}}{{#SINGLE}}{{#OPT}}<div class="form-check py-2 border-bottom">
<input class="form-check-input" type="radio" name="q{{QID}}" id="q{{QID}}-{{VAL}}" value="{{VAL}}"{{#CHECKED}} checked{{/CHECKED}}>
<label class="form-check-label d-block" for="q{{QID}}-{{VAL}}">{{LABEL}}</label>
</div>
{{/OPT}}{{/SINGLE}}{{#MULTIPLE}}<div class="form-text mt-0 mb-1">[[sv.form.multiple_hint]]</div>
{{#OPT}}<div class="form-check py-2 border-bottom">
<input class="form-check-input" type="checkbox" name="q{{QID}}" id="q{{QID}}-{{VAL}}" value="{{VAL}}"{{#CHECKED}} checked{{/CHECKED}}>
<label class="form-check-label d-block" for="q{{QID}}-{{VAL}}">{{LABEL}}</label>
</div>
{{/OPT}}{{/MULTIPLE}}{{#SHORT}}<label class="visually-hidden" for="q{{QID}}-text">{{TEXT}}</label>
<input type="text" class="form-control form-control-lg{{#INVALID}} is-invalid{{/INVALID}}" name="q{{QID}}" id="q{{QID}}-text" maxlength="{{MAXLEN}}" value="{{VALUE}}">
{{/SHORT}}{{#LONG}}<label class="visually-hidden" for="q{{QID}}-text">{{TEXT}}</label>
<textarea class="form-control{{#INVALID}} is-invalid{{/INVALID}}" name="q{{QID}}" id="q{{QID}}-text" rows="5" maxlength="{{MAXLEN}}">{{VALUE}}</textarea>
<div class="form-text">[[sv.form.long_hint]]</div>
{{/LONG}}</fieldset>
</div></div>
{{/Q}}</div>
