namespace BeliefGeometry.Export;

/// <summary>The element types a <c>.npy</c> file can hold here, all little-endian.</summary>
public enum NpyDType
{
    /// <summary><c>'&lt;f4'</c>, C# <see cref="float"/>.</summary>
    Float32,

    /// <summary><c>'&lt;f8'</c>, C# <see cref="double"/>.</summary>
    Float64,

    /// <summary><c>'&lt;i4'</c>, C# <see cref="int"/>.</summary>
    Int32,

    /// <summary><c>'&lt;i8'</c>, C# <see cref="long"/>.</summary>
    Int64,
}
