namespace BeliefGeometry.Arrays;

/// <summary>The element types an <see cref="ArraySource"/> reads, all little-endian.</summary>
internal enum ElementType
{
    /// <summary>IEEE half precision, numpy <c>'&lt;f2'</c>, safetensors <c>F16</c>.</summary>
    Float16,

    /// <summary>The upper 16 bits of a float32, safetensors <c>BF16</c>.</summary>
    BFloat16,

    /// <summary>numpy <c>'&lt;f4'</c>, safetensors <c>F32</c>.</summary>
    Float32,

    /// <summary>numpy <c>'&lt;f8'</c>, safetensors <c>F64</c>.</summary>
    Float64,
}
