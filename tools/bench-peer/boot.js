// The benchmark peer: the PDTI form as a SurveyJS survey (survey-core +
// survey-js-ui), marked ready when SurveyJS has rendered it.
performance.mark('peer-script-start');
const survey = new Survey.Model(window.PDTI_SURVEY);
survey.onAfterRenderSurvey.add(() => {
  performance.mark('peer-ready');
  document.documentElement.dataset.peerReady = 'true';
});
window.survey = survey;
survey.render(document.getElementById('survey'));
