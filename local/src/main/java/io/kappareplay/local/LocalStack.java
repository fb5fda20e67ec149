package io.kappareplay.local;

public final class LocalStack {
    public static void main(String[] args) {}
}
