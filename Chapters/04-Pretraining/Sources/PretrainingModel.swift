import Model

extension ModelConfig {
    /// The model chapter 4 pretrains (and chapter 7 trains on several
    /// processes): chapter 3's benchmark configuration, the model of
    /// `make bench`, with chapter 1's 4,096-token vocabulary; with `quick`,
    /// a small one for the quick book and the tests.
    public static func pretraining(vocabulary: Int, quick: Bool) throws -> ModelConfig {
        quick
            ? try ModelConfig(vocabSize: vocabulary, contextLength: 64, width: 64, depth: 2,
                              heads: 4, kvHeads: 2, ffnWidth: 128, tiedEmbeddings: false)
            : try ModelConfig(vocabSize: vocabulary, contextLength: 256, width: 384, depth: 6,
                              heads: 6, kvHeads: 2, ffnWidth: 1_024, tiedEmbeddings: false)
    }
}
