package org.revisit.cost;

/**
 * How fast image files become network inputs on this machine.
 *
 * @param operation         what is done per image ({@link DecodeMeter.Operation})
 * @param threads           decoding threads
 * @param images            images timed
 * @param imagesPerSecond   images/s over all threads
 * @param megabytesPerSecond file bytes read and decoded per second (MB = 10^6 bytes)
 * @param meanFileKilobytes the files' mean size (ImageNet's train JPEGs: about 110 kB)
 * @param meanMegapixels    the decoded images' mean size
 */
public record DecodeThroughput(String operation, int threads, int images, double seconds, double imagesPerSecond,
                               double megabytesPerSecond, double meanFileKilobytes, double meanMegapixels) {
}
