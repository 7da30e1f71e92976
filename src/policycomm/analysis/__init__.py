"""Comment analysis engine: pure Python and numpy, no Django import.

- ``normalise``: Vietnamese normalisation (NFC, folding, salutations, word segmentation);
- ``grouping``: near-duplicate campaign grouping at national scale;
- ``themes``: clustering of distinct comments into labelled themes;
- ``sections``: mapping of comments to the draft's sections;
- ``stance``: support / oppose / change / question / other from a documented lexicon;
- ``contested``: Polis-style opinion groups and consensus on agree/disagree votes;
- ``pipeline``: the streaming file pipeline behind ``policycomm analyze``.
"""
