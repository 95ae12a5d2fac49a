import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.tonearm.vk.web.FakeMobileVk;

/**
 * Benchmarks the thatmusic face against the local fake m.vk.com: /dl throughput (cold and cached) next to a direct
 * download from the fake, the server's RSS while 50 clients stream at once, and /search latency with a warm cache.
 * The server runs as its own process ({@code tonearm serve}) so its memory is measured alone; every download uses the
 * same client (HttpURLConnection), so the direct download is a fair baseline.
 */
public final class VkBench {
    static final int SIZE = 10 << 20;
    static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "9"));
    static final int WARMUP = 6;
    static final int UPSTREAM = 40 << 20;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String classpath = args[0];
        Path work = Files.createTempDirectory("vkbench");
        byte[] file = new byte[SIZE];
        new Random(1).nextBytes(file);
        try (FakeMobileVk vk = new FakeMobileVk()) {
            vk.addAccount("bench@example.org", "pw", FakeMobileVk.SecondFactor.NONE, 1234567L);
            List<FakeMobileVk.Track> tracks = new ArrayList<>();
            for (int i = 0; i < ROUNDS + 1 + WARMUP + 3; i++) {
                tracks.add(vk.addMp3("Bench", "Ten MB " + i, 600, file));
            }
            int port = 18000 + new Random().nextInt(20000);
            Files.writeString(work.resolve("tonearm.properties"), "vk.accounts=bench@example.org:pw\nvk.web.base-url=" + vk.baseUrl()
                + "\nhttp.host=127.0.0.1\nhttp.port=" + port + "\nthatmusic.file-cache-mb=4096\ncatalog.demo-tracks=0\n");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
            String extra = System.getenv("BENCH_SERVER_JVM_OPTS");
            if (extra != null && !extra.isBlank()) {
                command.addAll(Arrays.asList(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-cp", classpath, "org.tonearm.cli.Main", "serve", "--data", work.toString()));
            Process server = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
            try {
                String base = "http://127.0.0.1:" + port;
                waitUp(base);
                get(base + "/_auth/");
                String[] links = new String[tracks.size()];
                // VK pages search results by 20; results come in the order the tracks were added
                for (int page = 0, i = 0; i < tracks.size(); page++) {
                    String body = new String(get(base + "/search?q=bench&page=" + page));
                    for (int at = body.indexOf("\"download\":\""); at >= 0 && i < tracks.size(); at = body.indexOf("\"download\":\"", at + 1)) {
                        int from = at + 12;
                        links[i++] = body.substring(from, body.indexOf('"', from));
                    }
                }
                for (int i = 0; i < WARMUP; i++) {
                    download(vk.realUrl(tracks.get(0)));
                    download(links[ROUNDS + 1 + i]);
                    download(links[ROUNDS + 1 + i]);
                }
                double[] direct = new double[ROUNDS];
                double[] cold = new double[ROUNDS];
                double[] cached = new double[ROUNDS];
                long[] cpu = new long[6];
                for (int i = 0; i < ROUNDS; i++) {
                    long s0 = cpuMs(server.pid());
                    long b0 = cpuMs(ProcessHandle.current().pid());
                    direct[i] = download(vk.realUrl(tracks.get(i)));
                    long s1 = cpuMs(server.pid());
                    long b1 = cpuMs(ProcessHandle.current().pid());
                    cold[i] = download(links[i]);
                    cpu[0] += s1 - s0;
                    cpu[1] += b1 - b0;
                    cpu[2] += cpuMs(server.pid()) - s1;
                    cpu[3] += cpuMs(ProcessHandle.current().pid()) - b1;
                }
                for (int i = 0; i < ROUNDS; i++) {
                    long s0 = cpuMs(server.pid());
                    cached[i] = download(links[i]);
                    cpu[4] += cpuMs(server.pid()) - s0;
                }
                double d = median(direct);
                double c = median(cold);
                double h = median(cached);
                System.out.printf("10 MB file, median of %d, MB/s:%n", ROUNDS);
                System.out.printf("  direct from fake VK : %8.1f (baseline)%n", d);
                System.out.printf("  /dl cold            : %8.1f  = %3.0f%% of direct (target >= 80%%)%n", c, 100 * c / d);
                System.out.printf("  /dl cached          : %8.1f  = %3.0f%% of direct (target >= 95%%)%n", h, 100 * h / d);
                System.out.printf("  CPU per 10 MB (ms): direct: fake+client %d; cold: server %d + fake+client %d; cached: server %d%n",
                    cpu[1] / ROUNDS, cpu[2] / ROUNDS, cpu[3] / ROUNDS, cpu[4] / ROUNDS);

                vk.throttle(UPSTREAM);
                double[] slowDirect = new double[3];
                double[] slowCold = new double[3];
                for (int i = 0; i < 3; i++) {
                    slowDirect[i] = download(vk.realUrl(tracks.get(ROUNDS + 1 + i)));
                    slowCold[i] = download(links[ROUNDS + 1 + WARMUP + i]);
                }
                vk.throttle(-1);
                double sd = median(slowDirect);
                double sc = median(slowCold);
                System.out.printf("with the fake's upload limited to %d MB/s (a real VK audio host is slower still):%n", UPSTREAM >> 20);
                System.out.printf("  direct from fake VK : %8.1f (baseline)%n", sd);
                System.out.printf("  /dl cold            : %8.1f  = %3.0f%% of direct%n", sc, 100 * sc / sd);

                long idle = rssKb(server.pid(), "RssAnon:");
                long idleFile = rssKb(server.pid(), "RssFile:");
                AtomicBoolean done = new AtomicBoolean();
                AtomicLong peak = new AtomicLong(idle);
                AtomicLong peakFile = new AtomicLong(idleFile);
                Thread sampler = Thread.ofPlatform().start(() -> {
                    while (!done.get()) {
                        peak.accumulateAndGet(rssKb(server.pid(), "RssAnon:"), Math::max);
                        peakFile.accumulateAndGet(rssKb(server.pid(), "RssFile:"), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                String coldLink = links[ROUNDS];
                long t0 = System.nanoTime();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<Double>> all = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        String link = i % 2 == 0 ? coldLink.replace("/dl/", "/stream/") : links[i % ROUNDS];
                        all.add(pool.submit(() -> download(link)));
                    }
                    for (Future<Double> f : all) {
                        f.get();
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                done.set(true);
                sampler.join();
                System.out.printf("50 clients streaming 10 MB at once (25 on one cold file, 25 cached): %.1f s, %d MB total%n",
                    seconds, 50L * SIZE >> 20);
                System.out.printf("  server private memory (RssAnon: heap, stacks, buffers) idle %d MB, peak while streaming %d MB"
                    + " (+%d MB for 500 MB streamed)%n", idle >> 10, peak.get() >> 10, (peak.get() - idle) >> 10);
                System.out.printf("  mapped cache files in the page cache (RssFile, shared and reclaimable) idle %d MB, peak %d MB%n",
                    idleFile >> 10, peakFile.get() >> 10);
                System.out.printf("  fake VK served the cold file %d time(s)%n", vk.downloads(tracks.get(ROUNDS)));

                long[] lat = new long[300];
                for (int i = 0; i < 20; i++) {
                    get(base + "/search?q=bench&page=0");
                }
                for (int i = 0; i < lat.length; i++) {
                    long s = System.nanoTime();
                    get(base + "/search?q=bench&page=0");
                    lat[i] = System.nanoTime() - s;
                }
                Arrays.sort(lat);
                System.out.printf("/search warm cache, %d requests: median %.2f ms, p99 %.2f ms (VK searched %d time(s))%n", lat.length,
                    lat[lat.length / 2] / 1e6, lat[lat.length * 99 / 100] / 1e6, vk.searchesBy("bench@example.org"));
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    static void waitUp(String base) throws Exception {
        for (int i = 0; i < 300; i++) {
            try {
                get(base + "/health");
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("server did not start");
    }

    static byte[] get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** Downloads and returns MB/s. */
    static double download(String url) throws Exception {
        long s = System.nanoTime();
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
        long n = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = c.getInputStream()) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
        }
        if (c.getResponseCode() != 200 || n != SIZE) {
            throw new IllegalStateException(url + ": HTTP " + c.getResponseCode() + ", " + n + " bytes");
        }
        return n / 1048576.0 / ((System.nanoTime() - s) / 1e9);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (Exception e) {
            return 0;
        }
    }

    static long rssKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
