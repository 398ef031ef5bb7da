using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BeliefGeometry.Models;

/// <summary><c>unembed.W_U</c> [width, d_vocab] and <c>unembed.b_U</c> [d_vocab]: logits = x W_U + b_U (TransformerLens's names).</summary>
internal sealed class Unembed : nn.Module
{
    private readonly Parameter W_U, b_U;

    public Unembed(int width, int vocabulary) : base(nameof(Unembed))
    {
        W_U = nn.Parameter(empty(width, vocabulary));
        b_U = nn.Parameter(zeros(vocabulary));
        register_parameter(nameof(W_U), W_U);
        register_parameter(nameof(b_U), b_U);
    }

    public Tensor Forward(Tensor x) => x.matmul(W_U) + b_U;
}
