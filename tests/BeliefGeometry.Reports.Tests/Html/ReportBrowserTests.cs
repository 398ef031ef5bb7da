using BeliefGeometry.Reports.Html;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace BeliefGeometry.Reports.Tests.Html;

/// <summary>Opens a generated report in headless Chromium (the Debian packages, never a downloaded driver).</summary>
public class ReportBrowserTests
{
    [BrowserFact]
    public void ReportRendersInHeadlessChromiumWithoutErrors()
    {
        Assert.True(Chromium.IsInstalled,
            $"{Chromium.Browser} or {Chromium.Driver} is missing: run apt-get install chromium chromium-driver");
        using var dir = new TempDirectory();
        string report = ReportPage.Write(SampleData.Report(dir.Path), dir.File("report.html"));

        // An explicit driver path and binary: Selenium Manager is never consulted, so nothing is downloaded.
        using var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Chromium.Driver)!, Path.GetFileName(Chromium.Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium.Browser };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,2000");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));

        driver.Navigate().GoToUrl(new Uri(report).AbsoluteUri);

        var severe = driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message).ToArray();
        Assert.True(severe.Length == 0, "console errors: " + string.Join(" | ", severe));

        var images = driver.FindElements(By.CssSelector("figure img"));
        Assert.Equal(5, images.Count);
        foreach (var image in images)
        {
            Assert.True(image.Size.Width > 100 && image.Size.Height > 100, $"{image.GetAttribute("alt")} is {image.Size}");
            var decoded = (bool)((IJavaScriptExecutor)driver).ExecuteScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", image)!;
            Assert.True(decoded, $"{image.GetAttribute("alt")} did not decode");
        }
        Assert.Single(driver.FindElements(By.CssSelector("table.probe tr.best")));

        string screenshot = dir.File("report.png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(screenshot);
        FileChecks.AssertPng(screenshot);
        Assert.True(FileChecks.DistinctColors(File.ReadAllBytes(screenshot)) > 50, "the screenshot is nearly a single colour");
    }
}
