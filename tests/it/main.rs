mod it_placeholder {}
