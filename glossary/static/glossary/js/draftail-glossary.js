/* Draftail plugin: link a glossary term by hand, chosen in Wagtail's snippet chooser. */
(function () {
  "use strict";
  var draftail = window.draftail;
  var React = window.React;
  if (!draftail || !React) return;

  class GlossaryTermSource extends draftail.ModalWorkflowSource {
    getChooserConfig() {
      var urls = (this.props.entityType && this.props.entityType.chooserUrls) || {};
      return {
        url: urls.glossaryTermChooser,
        urlParams: {},
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
      };
    }

    filterEntityData(data) {
      return { id: data.id, name: data.string };
    }
  }

  function GlossaryTermDecorator(props) {
    var data = props.contentState.getEntity(props.entityKey).getData();
    return React.createElement(
      draftail.TooltipEntity,
      Object.assign({}, props, {
        icon: "help",
        label: data.name ? "Glossary: " + data.name : "Glossary term (unavailable)",
        url: null,
      })
    );
  }

  draftail.registerPlugin(
    { type: "GLOSSARY_TERM", source: GlossaryTermSource, decorator: GlossaryTermDecorator },
    "entityTypes"
  );
})();
