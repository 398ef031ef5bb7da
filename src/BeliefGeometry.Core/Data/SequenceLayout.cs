namespace BeliefGeometry.Data;

/// <summary>
/// How a word of the process becomes a model's (input, target) pair, with or without a BOS token.
/// <list type="bullet">
/// <item>Without BOS the word is x₁…x_{n+1} (n = n_ctx): input = x₁…xₙ, target[t] = x_{t+2}
/// (0-based position t). Position t has seen t+1 tokens, so its loss floor is h(t+2)·ln 2.</item>
/// <item>With BOS the word is x₁…xₙ: input = [BOS, x₁…x_{n−1}], target[t] = x_{t+1}. Position t has seen
/// t tokens (position 0 predicts x₁ from nothing, at the floor h(1)·ln 2 = H(1)·ln 2), so its floor is h(t+1)·ln 2.</item>
/// </list>
/// Either way, target[t] is the token that follows the <see cref="VisibleTokens"/>(t) real tokens of the input,
/// matching docs/design.md section 1 and <c>TheoryReport.LossFloorNats</c> / <c>LossFloorNatsBos</c>.
/// The BOS token id is the process's token count V, so the model's vocabulary is V + 1.
/// </summary>
public sealed record SequenceLayout
{
    public SequenceLayout(int contextLength, int tokenCount, bool bos = false)
    {
        if (contextLength < 1)
            throw new InputException($"n_ctx = {contextLength}: the context length must be at least 1");
        if (tokenCount < 1)
            throw new InputException($"token count = {tokenCount}: a process needs at least one token");
        ContextLength = contextLength;
        TokenCount = tokenCount;
        Bos = bos;
    }

    /// <summary>n_ctx, the number of positions the model sees.</summary>
    public int ContextLength { get; }

    /// <summary>V, the process's number of tokens.</summary>
    public int TokenCount { get; }

    /// <summary>Whether position 0 holds a BOS token.</summary>
    public bool Bos { get; }

    /// <summary>The BOS token id, V (one past the process's tokens); meaningful only when <see cref="Bos"/>.</summary>
    public int BosToken => TokenCount;

    /// <summary>d_vocab of the model: V, or V + 1 with BOS.</summary>
    public int VocabularySize => Bos ? TokenCount + 1 : TokenCount;

    /// <summary>Length of the process word behind one (input, target) pair: n_ctx + 1 without BOS, n_ctx with BOS.</summary>
    public int WordLength => Bos ? ContextLength : ContextLength + 1;

    /// <summary>Real tokens of the process that position t has seen: t + 1 without BOS, t with BOS.</summary>
    public int VisibleTokens(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, ContextLength);
        return Bos ? position : position + 1;
    }

    /// <summary>Writes the input and target (each n_ctx long) for one word of length <see cref="WordLength"/>.</summary>
    public void Split(ReadOnlySpan<int> word, Span<int> input, Span<int> target)
    {
        int n = ContextLength;
        if (word.Length != WordLength)
            throw new ArgumentException($"the word has length {word.Length}, the layout needs {WordLength}", nameof(word));
        if (input.Length < n || target.Length < n)
            throw new ArgumentException($"input and target need room for n_ctx = {n} tokens");
        if (Bos)
        {
            input[0] = BosToken;
            word[..(n - 1)].CopyTo(input[1..n]);
            word.CopyTo(target[..n]);
        }
        else
        {
            word[..n].CopyTo(input[..n]);
            word[1..].CopyTo(target[..n]);
        }
    }

    /// <summary>
    /// <see cref="Split"/> for <paramref name="batch"/> words stored one after another; inputs and targets are
    /// batch × n_ctx, row-major.
    /// </summary>
    public void SplitBatch(ReadOnlySpan<int> words, int batch, Span<int> inputs, Span<int> targets)
    {
        int n = ContextLength, w = WordLength;
        if (words.Length < batch * w || inputs.Length < batch * n || targets.Length < batch * n)
            throw new ArgumentException($"a batch of {batch} needs {batch * w} word tokens and room for {batch * n} inputs and targets");
        for (int b = 0; b < batch; b++)
            Split(words.Slice(b * w, w), inputs.Slice(b * n, n), targets.Slice(b * n, n));
    }
}
