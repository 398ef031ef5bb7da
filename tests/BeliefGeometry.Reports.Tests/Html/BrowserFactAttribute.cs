namespace BeliefGeometry.Reports.Tests.Html;

/// <summary>
/// A fact that needs headless Chromium: skipped (with the reason) when chromium or chromedriver is missing,
/// except on CI (CI=true), where it runs and fails so a missing browser cannot pass unnoticed.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsCi)
            Skip = $"needs {Chromium.Browser} and {Chromium.Driver}: apt-get install chromium chromium-driver (with CI=true this test fails instead)";
    }
}
