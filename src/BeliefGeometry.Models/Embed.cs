using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BeliefGeometry.Models;

/// <summary><c>embed.W_E</c> [d_vocab, width]: a learned row per token (TransformerLens's name), shared by both model families.</summary>
internal sealed class Embed : nn.Module
{
    private readonly Parameter W_E;

    public Embed(int vocabulary, int width) : base(nameof(Embed))
    {
        W_E = nn.Parameter(empty(vocabulary, width));
        register_parameter(nameof(W_E), W_E);
    }

    public Tensor Forward(Tensor tokens) => W_E[tokens];
}
